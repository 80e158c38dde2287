// 描述: 文件中的产业(门类与细分), 其上级产业
MATCH (i:Industry)
WHERE coalesce(i.source, 'document') <> 'pool'
OPTIONAL MATCH (i)-[:PART_OF]->(p:Industry)
RETURN i.id AS id, i.name AS name, i.level AS level, i.kind AS kind, p.id AS parent
ORDER BY id
