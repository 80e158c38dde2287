// 标题: 按名称搜索节点
// 描述: 按名称、编号或别名搜索任意节点(部分匹配, 完全匹配排在前面)
// params: q=化学; limit=50
WITH $q AS q
MATCH (n)
WHERE n.name CONTAINS q OR n.id CONTAINS q OR any(a IN coalesce(n.aliases, []) WHERE a CONTAINS q)
RETURN labels(n)[0] AS label, n.id AS id, n.name AS name, n.aliases AS aliases
ORDER BY CASE WHEN n.name = q THEN 0 WHEN n.name STARTS WITH q THEN 1 ELSE 2 END, size(n.name), name
LIMIT $limit
