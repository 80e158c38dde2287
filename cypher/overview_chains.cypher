// 标题: 各产业链的环节与状态
// 描述: 每条产业链的环节数、有本地企业覆盖的环节数和缺链/弱链/强链/待核实环节数(覆盖表)
// params:
MATCH (c:Chain)-[:HAS_LINK]->(l:ChainLink)
WHERE c.is_industrial_chain IS NULL OR c.is_industrial_chain = true
RETURN c.id AS id, c.industry AS industry, c.name AS name, count(l) AS links,
       count(CASE WHEN l.status = '弱链' OR l.status = '强链' THEN 1 END) AS covered,
       count(CASE WHEN l.status = '缺链' THEN 1 END) AS missing,
       count(CASE WHEN l.status = '弱链' THEN 1 END) AS weak,
       count(CASE WHEN l.status = '强链' THEN 1 END) AS strong,
       count(CASE WHEN l.status = '待核实' THEN 1 END) AS pending
ORDER BY industry, name
