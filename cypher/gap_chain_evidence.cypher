// 描述: 产业链的出处句子
MATCH (ch:Chain)-[m:MENTIONED_IN]->(d:Document)
RETURN ch.id AS chain, d.id AS doc, m.sentence AS sentence, m.span_start AS span_start
ORDER BY chain, doc, span_start
