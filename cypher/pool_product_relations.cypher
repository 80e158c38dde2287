// 标题: 企业库: 产品关系
// 描述: 企业库: 产品之间的上游材料与产品小类关系
MATCH (a:Product)-[r:UPSTREAM_OF|SUBCATEGORY_OF]->(b:Product)
RETURN type(r) AS type, a.id AS src, b.id AS dst, r.source AS source, r.doc AS doc
ORDER BY type, src, dst
