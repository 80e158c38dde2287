// 标题: 图谱浏览: 入边
// 描述: 一组节点(同一类别)的入边及其起点(起点限于 kinds 中的类别, 至多 limit 行), 用于图谱浏览逐层展开
// labels: label=Industry
// params: ids=["化学药"]; kinds=["Industry", "Chain", "ChainLink", "Company", "Park", "Department", "County", "Task", "Target", "Project", "Technology", "Product"]; limit=300
UNWIND $ids AS x
MATCH (a:{label} {id: x})<-[r]-(b)
WHERE labels(b)[0] IN $kinds
RETURN a.id AS dst, type(r) AS type, labels(b)[0] AS label, b.id AS id, b.name AS name
LIMIT $limit
