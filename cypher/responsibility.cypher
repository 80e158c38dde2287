// 标题: 部门分工
// 描述: 部门分工: 每个部门牵头/配合/负责的产业与任务, 附括号中的顺序和原句
// params:
MATCH (d:Department)-[r:RESPONSIBLE_FOR]->(x)
RETURN d.name AS department, labels(x)[0] AS kind, x.name AS target, r.role AS role,
       r.bracket_order AS bracket_order, r.doc AS doc, r.section AS section, r.sentence AS sentence
ORDER BY department, kind, target
