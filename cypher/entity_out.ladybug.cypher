// 描述: 一个节点的全部出边(含出处: 文件、章节、原句)及终点
// params: label=Company; id=co:示例企业
MATCH (n)-[r]->(m)
WHERE label(n) = $label AND n.id = $id
RETURN r AS rel, label(m) AS label, m.id AS id, m.name AS name
