// 标题: 文件中的产业
// 描述: 文件中的产业(门类与细分), 按战略性新兴/未来产业分类, 附上级产业、产业链数、列名企业数
// params:
MATCH (i:Industry)
WHERE i.source IS NULL OR i.source <> 'pool'
OPTIONAL MATCH (i)-[:PART_OF]->(p:Industry)
OPTIONAL MATCH (c:Chain)-[:CHAIN_OF]->(i)
WITH i, p, count(DISTINCT c) AS chains
OPTIONAL MATCH (co:Company)-[:NAMED_FOR]->(i)
RETURN i.id AS id, i.name AS name, i.level AS level, i.kind AS kind, p.name AS parent,
       chains, count(DISTINCT co) AS companies
ORDER BY kind, parent, name
