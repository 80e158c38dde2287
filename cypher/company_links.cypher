// 标题: 产业链的全部环节
// 描述: 企业名单导入: 产业链(仅真正的产业链)的全部环节及所属产业
MATCH (ch:Chain)-[:HAS_LINK]->(l:ChainLink)
WHERE coalesce(ch.is_industrial_chain, true) = true
RETURN l.id AS id, l.name AS name, l.industry AS industry, ch.id AS chain, ch.name AS chain_name,
       l.position AS position
ORDER BY id
