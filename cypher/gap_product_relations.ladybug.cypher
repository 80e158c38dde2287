// 描述: 指向这些产品的上游材料与产品小类(企业库): 环节的小类、上游材料
// params: products=["原料药", "电芯"]
UNWIND $products AS wanted
MATCH (a:Product)-[r:UPSTREAM_OF|SUBCATEGORY_OF]->(b:Product {id: wanted})
RETURN label(r) AS type, a.id AS src, b.id AS dst
ORDER BY type, dst, src
