// 标题: 一家企业发出的关系
// 描述: 一家企业发出的全部关系
// params: id=603858.SH
MATCH (c:Company {id: $id})-[r]->(b)
RETURN r AS r, b AS b
