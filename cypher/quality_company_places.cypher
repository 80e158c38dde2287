// 标题: 数据质量: 有本地企业的园区
// 描述: 数据质量: 有本地企业入驻(企业 LOCATED_IN 园区)的园区
MATCH (c:Company)-[:LOCATED_IN]->(p:Park)
WHERE c.local = true
RETURN DISTINCT p.id AS park
ORDER BY park
