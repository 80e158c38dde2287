// 标题: 已关联企业库的文件企业
// 描述: 已与企业库关联的文件企业(记有匹配依据与置信度)
MATCH (c:Company)
WHERE c.match_reason IS NOT NULL
RETURN c AS c, c.id AS id
ORDER BY id
