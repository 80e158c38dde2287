// 标题: 企业库企业的申万行业
// 描述: 企业库企业的所属行业(申万)及上级行业, 供环节匹配判断上下文
MATCH (c:Company)-[:IN_INDUSTRY]->(i:Industry)
WHERE c.code IS NOT NULL
OPTIONAL MATCH (i)-[:PART_OF]->(p:Industry)
RETURN c.id AS company, i.name AS industry, p.name AS parent
ORDER BY company, industry
