// 描述: 按类别和编号取一个节点的全部属性
// params: label=Industry; id=化学药
MATCH (n)
WHERE label(n) = $label AND n.id = $id
RETURN n AS node
