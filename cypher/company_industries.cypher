// 标题: 产业及上级产业、别名
// 描述: 企业名单导入: 产业及其上级产业、别名、来源(文件/企业库)
MATCH (i:Industry)
OPTIONAL MATCH (i)-[:PART_OF]->(p:Industry)
RETURN i.id AS id, i.name AS name, i.aliases AS aliases, i.source AS source, p.id AS parent
ORDER BY id
