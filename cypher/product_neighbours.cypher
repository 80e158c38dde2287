// 标题: 某产品的上下游与小类
// 描述: 某产品的上游材料、下游产品、细分小类和上级类别(全国企业库的产品关系)
// params: product=活血止痛膏
MATCH (u:Product)-[:UPSTREAM_OF]->(p:Product {name: $product})
RETURN '上游材料' AS relation, u.name AS name
UNION ALL
MATCH (p:Product {name: $product})-[:UPSTREAM_OF]->(d:Product)
RETURN '下游产品' AS relation, d.name AS name
UNION ALL
MATCH (s:Product)-[:SUBCATEGORY_OF]->(p:Product {name: $product})
RETURN '细分小类' AS relation, s.name AS name
UNION ALL
MATCH (p:Product {name: $product})-[:SUBCATEGORY_OF]->(q:Product)
RETURN '上级类别' AS relation, q.name AS name
