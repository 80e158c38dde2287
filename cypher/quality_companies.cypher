// 标题: 数据质量: 可能重复的企业
// 描述: 数据质量: 全部企业的名称、全称、统一社会信用代码, 用于查找可能重复的企业
MATCH (c:Company)
RETURN c.id AS id, c.name AS name, c.fullname AS fullname, c.credit_code AS credit_code, c.code AS code,
       c.local AS local
ORDER BY id
