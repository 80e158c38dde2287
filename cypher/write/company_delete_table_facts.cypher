// 描述: 删除某企业名单文件此前写入的关系(source = 'table', doc = 文件名), 重新导入前在同一事务中执行
// params: doc=企业名单.csv
MATCH (c:Company)-[r:COVERS|MAKES|LOCATED_IN|IN_INDUSTRY]->()
WHERE r.source = 'table' AND r.doc = $doc
DELETE r
