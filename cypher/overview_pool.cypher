// 标题: 全国企业库概况
// 描述: 全国企业库: 非本地的上市企业数、申万行业数
// params:
MATCH (c:Company)
WHERE c.code IS NOT NULL AND (c.local IS NULL OR c.local = false)
WITH count(c) AS companies
OPTIONAL MATCH (i:Industry)
WHERE i.source = 'pool'
RETURN companies, count(i) AS industries
