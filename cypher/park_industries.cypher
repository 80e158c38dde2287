// 标题: 园区承载的产业
// 描述: 园区(载体)及其承载的产业和所在区县(每个园区与产业一行)
// params:
MATCH (k:Park)
OPTIONAL MATCH (k)-[:HOSTS]->(i:Industry)
OPTIONAL MATCH (k)-[:LOCATED_IN]->(c:County)
RETURN k.name AS park, k.kind AS kind, c.name AS county, i.name AS industry
ORDER BY county, park, industry
