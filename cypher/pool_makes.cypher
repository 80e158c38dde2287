// 标题: 企业库: 主营产品及占比
// 描述: 企业库: 企业的主营产品及占比(权重)
MATCH (c:Company)-[m:MAKES]->(p:Product)
RETURN c.id AS src, p.id AS dst, m.weight AS weight, m.source AS source, m.doc AS doc
ORDER BY src, dst
