// 标题: 一个节点的全部入边
// 描述: 一个节点的全部入边(含出处: 文件、章节、原句)及起点
// labels: label=Industry
// params: id=化学药
MATCH (n:{label} {id: $id})<-[r]-(m)
RETURN r AS rel, label(m) AS label, m.id AS id, m.name AS name
