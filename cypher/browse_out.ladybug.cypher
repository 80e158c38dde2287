// 描述: 一组节点(同一类别)的出边及其终点, 用于图谱浏览逐层展开
// params: label=Company; ids=["co:示例企业"]
MATCH (a)-[r]->(b)
WHERE label(a) = $label AND a.id IN $ids
RETURN a.id AS src, label(r) AS type, label(b) AS label, b.id AS id, b.name AS name
