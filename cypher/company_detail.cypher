// 标题: 一家企业的名单信息
// 描述: 一家企业的名单信息(信用代码、区县、规上、链主、营收、联系人)及其覆盖的环节
// params: id=600380.SH
MATCH (c:Company {id: $id})
OPTIONAL MATCH (c)-[v:COVERS]->(l:ChainLink)
RETURN c.id AS id, c.name AS name, c.fullname AS fullname, c.credit_code AS credit_code, c.county AS county,
       c.local AS local, c.above_scale AS above_scale, c.chain_leader AS chain_leader, c.revenue AS revenue,
       c.contact AS contact, c.phone AS phone, c.extra AS extra, l.id AS link, l.name AS link_name,
       v.via AS via, v.product AS product, v.doc AS doc, v.span_start AS source_row
ORDER BY link, via
