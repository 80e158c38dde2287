// 描述: 这些企业的所属行业(申万)及上级行业, 供环节匹配判断上下文
// params: companies=["600176.SH"]
UNWIND $companies AS wanted
MATCH (c:Company {id: wanted})-[:IN_INDUSTRY]->(i:Industry)
OPTIONAL MATCH (i)-[:PART_OF]->(p:Industry)
RETURN c.id AS company, i.name AS industry, p.name AS parent
ORDER BY company, industry
