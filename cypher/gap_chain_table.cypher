// 描述: 每条产业链的覆盖表: 各状态环节数、完整度、缺链/弱链环节
MATCH (ch:Chain)
WHERE coalesce(ch.is_industrial_chain, true) = true
RETURN ch.id AS id, ch.industry AS industry, ch.name AS name, ch.link_count AS links,
       ch.missing_count AS missing, ch.weak_count AS weak, ch.strong_count AS strong,
       ch.completeness AS completeness, ch.gap_links AS gap_links
ORDER BY industry, name
