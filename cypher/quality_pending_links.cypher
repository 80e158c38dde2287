// 标题: 数据质量: 待确认的企业库关联
// 描述: 数据质量: 按规则关联到企业库、尚未经用户确认的企业(匹配理由与置信度)
// params: confirmed=用户确认
MATCH (c:Company)
WHERE c.match_reason IS NOT NULL AND c.match_reason <> $confirmed
RETURN c.id AS id, c.name AS name, c.code AS code, c.fullname AS fullname, c.aliases AS aliases,
       c.match_reason AS match_reason, c.match_confidence AS match_confidence
ORDER BY match_confidence, id
