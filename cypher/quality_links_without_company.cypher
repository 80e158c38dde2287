// 标题: 数据质量: 没有本地企业的环节
// 描述: 数据质量: 没有任何本地企业覆盖的产业链环节
MATCH (ch:Chain)-[:HAS_LINK]->(l:ChainLink)
WHERE coalesce(ch.is_industrial_chain, true) = true
OPTIONAL MATCH (c:Company)-[v:COVERS]->(l)
WHERE c.local = true
WITH ch, l, count(c) AS companies
WHERE companies = 0
RETURN l.id AS id, l.name AS name, ch.id AS chain, ch.name AS chain_name, l.industry AS industry,
       l.position AS position, l.stage AS stage
ORDER BY industry, chain, position
