// 标题: 尚未关联企业库的文件企业
// 描述: 只见于文件、尚未与企业库关联的企业
MATCH (c:Company)
WHERE c.id STARTS WITH 'co:'
RETURN c AS c, c.id AS id
ORDER BY id
