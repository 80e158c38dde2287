// 描述: 两个节点之间的最短路径(最多 6 步, 不经过"出处"文件边)
// params: src_label=Company; src=co:示例企业; dst_label=Industry; dst=化学药
MATCH p = (a)-[:PART_OF|CHAIN_OF|HAS_LINK|NEXT|NAMED_FOR|COVERS|MAKES|UPSTREAM_OF|SUBCATEGORY_OF|LOCATED_IN|HOSTS|RESPONSIBLE_FOR|HAS_TARGET|NEEDS_TECH|FOCUSES_ON|IN_INDUSTRY|UNDERTAKES|CONTINUES* SHORTEST 1..6]-(b)
WHERE label(a) = $src_label AND a.id = $src AND label(b) = $dst_label AND b.id = $dst
RETURN nodes(p) AS nodes, rels(p) AS rels
LIMIT 1
