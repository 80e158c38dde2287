// 标题: 量化目标
// 描述: 文件中的量化目标: 所属产业或任务、年份、指标、数值、单位、限定语及原句
// params:
MATCH (t:Target)
OPTIONAL MATCH (o)-[:HAS_TARGET]->(t)
OPTIONAL MATCH (t)-[m:MENTIONED_IN]->(d:Document)
RETURN t.id AS id, t.name AS name, o.name AS owner, label(o) AS owner_label, t.subject AS subject,
       t.year AS year, t.metric AS metric, t.value AS value, t.value_max AS value_max, t.unit AS unit,
       t.qualifier AS qualifier, m.sentence AS sentence, d.title AS document
ORDER BY year, owner, id
