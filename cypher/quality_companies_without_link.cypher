// 标题: 数据质量: 不在任何环节的本地企业
// 描述: 数据质量: 没有覆盖任何产业链环节的本地企业
MATCH (c:Company)
WHERE c.local = true AND coalesce(c.external, false) = false
OPTIONAL MATCH (c)-[v:COVERS]->(:ChainLink)
WITH c, count(v) AS links
WHERE links = 0
RETURN c.id AS id, c.name AS name, c.county AS county, c.credit_code AS credit_code
ORDER BY id
