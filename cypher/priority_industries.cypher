// 标题: 产业在文件中的分量
// 描述: 文件中的每个产业: 文件写到它的事实数(列名企业、园区、部门、技术、产品、项目……)、其中提到“链主”的句子数、类别与层级(缺链优先级的依据)
// params:
MATCH (i:Industry)
WHERE i.source IS NULL OR i.source <> 'pool'
OPTIONAL MATCH (i)-[r]-(x)
WHERE r.sentence IS NOT NULL
RETURN i.id AS industry, i.kind AS kind, i.level AS level, count(r) AS facts,
       count(CASE WHEN r.sentence CONTAINS '链主' THEN 1 END) AS chain_leader_sentences
ORDER BY industry
