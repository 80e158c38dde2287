// 描述: 本地企业被列名的产业
MATCH (c:Company)-[:NAMED_FOR]->(i:Industry)
WHERE c.local = true
RETURN c.id AS company, i.id AS industry
ORDER BY company, industry
