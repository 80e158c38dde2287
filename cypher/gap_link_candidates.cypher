// 描述: 这些缺链/弱链环节的招商候选企业(覆盖表中排好序的前 limit 家)
// params: links=["化学药|原料药→中间体→化学制剂#1"]; limit=20
UNWIND $links AS wanted
MATCH (c:Company)-[r:CANDIDATE_FOR]->(l:ChainLink {id: wanted})
WHERE r.rank < $limit
RETURN l.id AS link, r.rank AS rank, c.id AS id, c.name AS name, c.fullname AS fullname, c.code AS code,
       r.product AS product, r.weight AS weight, r.match AS match, r.closes AS closes,
       r.specificity AS specificity, r.fit AS fit
ORDER BY link, rank
