// 描述: 本地企业在企业库中的主营产品
MATCH (c:Company)-[m:MAKES]->(p:Product)
WHERE c.local = true
RETURN c.id AS company, c.name AS name, c.above_scale AS above_scale, p.id AS product, m.weight AS weight
ORDER BY company, product
