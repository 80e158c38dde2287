// 标题: 园区及所在区县
// 描述: 企业名单导入: 图中的园区及其别名、所在区县
MATCH (p:Park)
RETURN p.id AS id, p.name AS name, p.aliases AS aliases, p.county AS county
ORDER BY id
