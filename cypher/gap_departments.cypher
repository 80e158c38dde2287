// 描述: 负责各产业的部门(牵头/配合)及括号中的顺序
MATCH (d:Department)-[r:RESPONSIBLE_FOR]->(i:Industry)
RETURN i.id AS industry, d.name AS department, r.role AS role, r.bracket_order AS bracket_order,
       r.sentence AS sentence
ORDER BY industry, department
