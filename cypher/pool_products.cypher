// 标题: 全部产品
// 描述: 全部产品(企业库与文件)
MATCH (p:Product)
RETURN p.id AS id, p.name AS name
ORDER BY id
