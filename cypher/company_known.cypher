// 标题: 图谱中已有的企业
// 描述: 企业名单导入: 图中全部企业的名称、全称、别名、信用代码, 用于判断名单中的企业是否已存在
MATCH (c:Company)
RETURN c.id AS id, c.name AS name, c.fullname AS fullname, c.aliases AS aliases, c.credit_code AS credit_code,
       c.code AS code, c.local AS local, c.external AS external, c.extra AS extra,
       c.match_reason AS match_reason
ORDER BY id
