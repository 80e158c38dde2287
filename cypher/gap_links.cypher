// 描述: 缺链分析: 全部产业链环节及覆盖表(本地企业数、状态、关键度、候选企业数)
MATCH (ch:Chain)-[:HAS_LINK]->(l:ChainLink)
WHERE coalesce(ch.is_industrial_chain, true) = true
RETURN ch.id AS chain, ch.name AS chain_name, ch.industry AS industry, l.id AS id, l.name AS name,
       l.position AS position, l.stage AS stage, l.local_count AS local_count, l.status AS status,
       l.criticality AS criticality, l.betweenness AS betweenness, l.coverage_k AS coverage_k,
       l.candidate_total AS candidate_total, l.terms AS terms, l.exclusions AS exclusions,
       l.local_names AS local_names
ORDER BY industry, chain, position
