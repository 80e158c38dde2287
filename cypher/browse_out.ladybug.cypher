// 标题: 图谱浏览: 出边
// 描述: 一组节点(同一类别)的出边及其终点(终点限于 kinds 中的类别, 至多 limit 行), 用于图谱浏览逐层展开
// labels: label=Industry
// params: ids=["化学药"]; kinds=["Industry", "Chain", "ChainLink", "Company", "Park", "Department", "County", "Task", "Target", "Project", "Technology", "Product"]; limit=300
// each: id in ids
MATCH (a:{label} {id: $id})-[r]->(b)
WHERE label(b) IN $kinds
RETURN a.id AS src, label(r) AS type, label(b) AS label, b.id AS id, b.name AS name
LIMIT $limit
