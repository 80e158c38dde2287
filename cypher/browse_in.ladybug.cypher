// 描述: 一组节点(同一类别)的入边及其起点, 用于图谱浏览逐层展开
// params: label=Industry; ids=["化学药"]
MATCH (a)<-[r]-(b)
WHERE label(a) = $label AND a.id IN $ids
RETURN a.id AS dst, label(r) AS type, label(b) AS label, b.id AS id, b.name AS name
