// 描述: 删除文件事实移除后不再有任何关系的文件实体
// params: labels=["Chain","ChainLink","Park","Department","Task","Target","Project","Technology"]
MATCH (n)
WHERE NOT EXISTS { MATCH (n)--() }
  AND (label(n) IN $labels
       OR (label(n) = 'Company' AND n.id STARTS WITH 'co:')
       OR (label(n) = 'Industry' AND n.source = 'document'))
DELETE n
