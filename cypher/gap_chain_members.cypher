// 描述: 文件列为某产业基础的本地企业(依托/引导/推动……等企业)及原句: 该产业各条产业链的成员
MATCH (c:Company)-[r:NAMED_FOR]->(i:Industry)
WHERE c.local = true
RETURN c.id AS company, c.name AS name, i.id AS industry, r.verb AS verb, r.sentence AS sentence
ORDER BY industry, company
