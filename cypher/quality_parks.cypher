// 标题: 数据质量: 全部园区
// 描述: 数据质量: 全部园区(名称、所在区县、是否具体园区)
MATCH (p:Park)
RETURN p.id AS id, p.name AS name, p.county AS county, p.specific AS specific
ORDER BY id
