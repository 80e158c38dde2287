// 描述: 一个节点的全部入边(含出处: 文件、章节、原句)及起点
// params: label=Industry; id=化学药
MATCH (n)<-[r]-(m)
WHERE label(n) = $label AND n.id = $id
RETURN r AS rel, label(m) AS label, m.id AS id, m.name AS name
