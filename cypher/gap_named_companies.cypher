// 描述: 各产业列名的企业数
MATCH (c:Company)-[:NAMED_FOR]->(i:Industry)
RETURN i.id AS industry, count(DISTINCT c.id) AS companies
ORDER BY industry
