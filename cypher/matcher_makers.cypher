// 描述: 主营这些产品的企业库企业(有股票代码)的全部主营产品、占比及所属行业(申万), 供环节匹配
// params: products=["玻纤纱", "原料药"]
UNWIND $products AS wanted
MATCH (c:Company)-[:MAKES]->(:Product {id: wanted})
WHERE c.code IS NOT NULL
WITH DISTINCT c
MATCH (c)-[m:MAKES]->(p:Product)
RETURN c.id AS id, c.name AS name, c.fullname AS fullname, c.code AS code, coalesce(c.local, false) AS local,
       p.id AS product, m.weight AS weight
ORDER BY id, product
