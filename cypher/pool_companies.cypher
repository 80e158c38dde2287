// 标题: 企业库中的上市企业
// 描述: 企业库中的上市企业(有股票代码)及其全称、别名
MATCH (c:Company)
WHERE c.code IS NOT NULL
RETURN c.id AS id, c.name AS name, c.fullname AS fullname, c.code AS code, c.aliases AS aliases,
       c.local AS local
ORDER BY id
