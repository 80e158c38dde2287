// 标题: 两个节点间的最短路径
// 描述: 两个节点之间的最短路径(最多 6 步, 不经过"出处"文件边)
// labels: src_label=Company; dst_label=Industry
// params: src=co:示例企业; dst=化学药
MATCH (a:{src_label} {id: $src}), (b:{dst_label} {id: $dst})
MATCH p = shortestPath((a)-[:PART_OF|CHAIN_OF|HAS_LINK|NEXT|NAMED_FOR|COVERS|MAKES|UPSTREAM_OF|SUBCATEGORY_OF|LOCATED_IN|HOSTS|RESPONSIBLE_FOR|HAS_TARGET|NEEDS_TECH|FOCUSES_ON|IN_INDUSTRY|UNDERTAKES|CONTINUES*..6]-(b))
RETURN nodes(p) AS nodes, relationships(p) AS rels
LIMIT 1
