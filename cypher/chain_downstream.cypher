// 标题: 延链: 产品的下游产品
// 描述: 延链: 这些产品的下游产品(企业库)
// params: products=["化学制剂", "电子元器件"]
UNWIND $products AS wanted
MATCH (a:Product {id: wanted})-[:UPSTREAM_OF]->(b:Product)
RETURN a.id AS material, b.id AS product
ORDER BY material, product
