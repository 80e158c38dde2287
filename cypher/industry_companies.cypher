// 标题: 某产业列名的企业
// 描述: 某产业(含其细分产业)列名的企业: 引入动词、是否外部平台、原句
// params: industry=生物医药
MATCH (c:Company)-[r:NAMED_FOR]->(i:Industry)
OPTIONAL MATCH (i)-[:PART_OF]->(p:Industry)
WITH c, r, i, p
WHERE i.name = $industry OR p.name = $industry
RETURN c.name AS company, c.code AS code, i.name AS industry, r.verb AS verb, c.external AS external,
       r.sentence AS sentence
ORDER BY industry, company
