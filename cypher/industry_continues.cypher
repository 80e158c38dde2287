// 标题: 未来产业延续的已有产业
// 描述: 未来产业延续了哪些已有产业(跨文件关联)及理由
// params:
MATCH (f:Industry)-[r:CONTINUES]->(e:Industry)
RETURN f.name AS future_industry, e.name AS earlier_industry, r.why AS why, r.sentence AS sentence
ORDER BY future_industry, earlier_industry
