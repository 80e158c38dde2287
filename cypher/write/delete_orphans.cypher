// 描述: 删除文件事实移除后不再有任何关系的文件实体
// params: labels=["Chain","ChainLink","Park","Department","Task","Target","Project","Technology"]
MATCH (n)
WHERE NOT EXISTS { (n)--() }
  AND (labels(n)[0] IN $labels
       OR (n:Company AND n.id STARTS WITH 'co:')
       OR (n:Industry AND n.source = 'document'))
DELETE n
