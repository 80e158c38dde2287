// 标题: 某企业的主营产品
// 描述: 某企业(简称或全称)的主营产品及权重、所属申万行业(全国企业库)
// params: company=健康元
MATCH (c:Company)
WHERE c.name = $company OR c.fullname = $company
OPTIONAL MATCH (c)-[m:MAKES]->(p:Product)
OPTIONAL MATCH (c)-[:IN_INDUSTRY]->(i:Industry)
RETURN c.name AS company, c.fullname AS fullname, c.code AS code, p.name AS product, m.weight AS weight,
       i.name AS industry
ORDER BY weight DESC, product
