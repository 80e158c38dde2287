// 标题: 某部门负责的产业和任务
// 描述: 某部门负责的产业和任务: 角色(牵头/配合/负责)、括号中的排序、章节和原句
// params: department=市发展改革委
MATCH (d:Department {name: $department})-[r:RESPONSIBLE_FOR]->(x)
RETURN x.name AS target, r.role AS role, r.bracket_order AS bracket_order, r.section AS section,
       r.sentence AS sentence
ORDER BY section, target
