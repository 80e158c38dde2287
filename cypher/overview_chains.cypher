// 描述: 每条产业链的环节数、有本地企业覆盖的环节数和缺链/弱链/强链环节数
// params:
MATCH (c:Chain)-[:HAS_LINK]->(l:ChainLink)
WHERE c.is_industrial_chain IS NULL OR c.is_industrial_chain = true
OPTIONAL MATCH (co:Company)-[:COVERS]->(l)
WHERE co.local = true
WITH c.id AS id, c.industry AS industry, c.name AS name, l.id AS link, l.status AS status, count(DISTINCT co) AS local
RETURN id, industry, name, count(link) AS links,
       count(CASE WHEN local > 0 THEN 1 END) AS covered,
       count(CASE WHEN status = '缺链' THEN 1 END) AS missing,
       count(CASE WHEN status = '弱链' THEN 1 END) AS weak,
       count(CASE WHEN status = '强链' THEN 1 END) AS strong
ORDER BY industry, name
