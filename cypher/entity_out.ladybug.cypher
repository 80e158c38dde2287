// 标题: 一个节点的全部出边
// 描述: 一个节点的全部出边(含出处: 文件、章节、原句)及终点
// labels: label=Company
// params: id=co:示例企业
MATCH (n:{label} {id: $id})-[r]->(m)
RETURN r AS rel, label(m) AS label, m.id AS id, m.name AS name
