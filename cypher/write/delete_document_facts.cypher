// 描述: 删除某文件带来的所有关系(重新载入修改过的文件之前)
// params: doc=2024-heze-strategic-emerging-industries
MATCH ()-[r]->() WHERE r.doc = $doc
DELETE r
