// 描述: 缺链分析: 覆盖各环节的企业及依据(文件/企业库/名单/人工)
MATCH (c:Company)-[v:COVERS]->(l:ChainLink)
RETURN l.id AS link, c.id AS company, c.name AS name, c.local AS local, c.above_scale AS above_scale,
       v.via AS via, v.confidence AS confidence, v.product AS product, v.grade AS grade, v.sentence AS sentence, v.doc AS doc
ORDER BY link, name, via
