// 标题: 某产业各环节的本地企业
// 描述: 某产业各条产业链各环节的本地企业, 含是否链主、是否规上、所在区县及覆盖依据(文件/名单/企业库/人工)
// params: industry=化学药
MATCH (ch:Chain {industry: $industry})-[:HAS_LINK]->(l:ChainLink)<-[v:COVERS]-(c:Company)
WHERE c.local = true
RETURN ch.name AS chain, l.id AS link, l.name AS link_name, l.position AS position, c.id AS company, c.name AS name,
       c.chain_leader AS chain_leader, c.above_scale AS above_scale, c.county AS county, v.via AS via,
       v.doc AS doc, v.span_start AS source_row
ORDER BY chain, position, name, via
