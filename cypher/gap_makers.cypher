// 描述: 主营这些产品的企业(企业库), 含是否本地与主营占比
// params: products=["化学制剂", "原料药"]
UNWIND $products AS wanted
MATCH (c:Company)-[m:MAKES]->(p:Product {id: wanted})
RETURN c.id AS id, c.name AS name, c.fullname AS fullname, c.code AS code,
       coalesce(c.local, false) AS local, p.id AS product, m.weight AS weight
ORDER BY product, id
