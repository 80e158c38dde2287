// 标题: 指向一家企业的关系
// 描述: 指向一家企业的全部关系
// params: id=603858.SH
MATCH (a)-[r]->(c:Company {id: $id})
RETURN a AS a, r AS r
