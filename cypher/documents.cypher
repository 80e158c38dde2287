// 标题: 已载入的政策文件
// 描述: 已载入的政策文件: 标题、文号、发文机关、日期
// params:
MATCH (d:Document)
RETURN d.id AS id, d.title AS title, d.number AS number, d.issuer AS issuer, d.date AS date, d.public AS public
ORDER BY date, id
