// 描述: 某条产业链各环节的本地企业, 含是否链主、是否规上、所在区县及覆盖依据(文件/名单/企业库/人工)
// params: chain=化学药|基础原料→中间体→原料药→化学制剂
MATCH (ch:Chain {id: $chain})-[:HAS_LINK]->(l:ChainLink)<-[v:COVERS]-(c:Company)
WHERE c.local = true
RETURN l.id AS link, l.name AS link_name, l.position AS position, c.id AS company, c.name AS name,
       c.chain_leader AS chain_leader, c.above_scale AS above_scale, c.county AS county, v.via AS via,
       v.doc AS doc, v.span_start AS source_row
ORDER BY position, name, via
