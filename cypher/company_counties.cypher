// 标题: 区县及所属城市
// 描述: 企业名单导入: 图中的区县及所属城市
MATCH (c:County)
RETURN c.id AS id, c.name AS name, c.city AS city
ORDER BY id
