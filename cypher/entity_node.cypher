// 标题: 一个节点的全部属性
// 描述: 按类别和编号取一个节点的全部属性
// labels: label=Industry
// params: id=化学药
MATCH (n:{label} {id: $id})
RETURN n AS node
