// 描述: 覆盖这些环节的本地企业及依据(文件/企业库/名单/人工)
// params: links=["化学药|原料药→中间体→化学制剂#1"]
UNWIND $links AS wanted
MATCH (c:Company)-[v:COVERS]->(l:ChainLink {id: wanted})
WHERE c.local = true
RETURN l.id AS link, c.id AS company, c.name AS name, c.above_scale AS above_scale, v.via AS via,
       v.confidence AS confidence, v.product AS product, v.grade AS grade, v.sentence AS sentence
ORDER BY link, name, via
