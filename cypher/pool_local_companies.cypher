// 标题: 本地企业及别名
// 描述: 本地企业(文件或企业名单标为本地)及其别名
MATCH (c:Company)
WHERE c.local = true
RETURN c.id AS id, c.name AS name, c.code AS code, c.aliases AS aliases
ORDER BY id
