// 标题: 本市企业概况
// 描述: 本市企业(文件或名单标为本地, 不含外部平台): 总数、已挂链(在某环节上)、规上、链主
// params:
MATCH (c:Company)
WHERE c.local = true AND (c.external IS NULL OR c.external = false)
OPTIONAL MATCH (c)-[:COVERS]->(l:ChainLink)
WITH c, count(l) AS placed_on
RETURN count(c) AS local, count(CASE WHEN placed_on > 0 THEN 1 END) AS placed,
       count(CASE WHEN c.above_scale = true THEN 1 END) AS above_scale,
       count(CASE WHEN c.chain_leader = true THEN 1 END) AS chain_leaders
