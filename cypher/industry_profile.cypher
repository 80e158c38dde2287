// 标题: 某产业的技术、产品、项目和园区
// 描述: 某产业的关键技术、重点产品、重点项目和承载园区(每行一项)
// params: industry=化学药
MATCH (i:Industry {name: $industry})-[:NEEDS_TECH]->(t:Technology)
RETURN '关键技术' AS kind, t.name AS name
UNION ALL
MATCH (i:Industry {name: $industry})-[:FOCUSES_ON]->(p:Product)
RETURN '重点产品' AS kind, p.name AS name
UNION ALL
MATCH (j:Project)-[:IN_INDUSTRY]->(i:Industry {name: $industry})
RETURN '重点项目' AS kind, j.name AS name
UNION ALL
MATCH (k:Park)-[:HOSTS]->(i:Industry {name: $industry})
RETURN '承载园区' AS kind, k.name AS name
