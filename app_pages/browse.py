"""图谱浏览: search a node, draw its neighbourhood (depth 1–3, label filters, a node cap), re-centre or
expand, and the shortest path between two nodes."""

import streamlit as st

from app_pages import state, viz
from graph import browse, ontology

st.title("图谱浏览")
store = state.require_store()

TITLES = {label: kind.title for label, kind in ontology.NODES.items()}
PER_LABEL = 15  # nodes of one kind drawn at most (the rest as "另有 N 个")
LABEL_OF = {title: label for label, title in TITLES.items()}


def pick_node(prompt: str, key: str, default: str = ""):
    """A search box and a picker of the matching nodes; returns the chosen Hit or None."""
    text = st.text_input(prompt, value=default, key=f"{key}_text", placeholder="输入名称、部分名称或别名, 如 化学药")
    hits = state.cached(browse.search, store, text) if text.strip() else []
    if text.strip() and not hits:
        st.warning(f"没有名称或别名包含 “{text.strip()}” 的节点。")
        return None
    if not hits:
        return None
    choice = st.selectbox("匹配的节点", range(len(hits)), format_func=lambda i: hits[i].caption, key=f"{key}_pick")
    return hits[choice]


def show_neighbourhood() -> None:
    if "browse_centre" not in st.session_state and st.query_params.get("node"):
        st.session_state.browse_centre = st.query_params["node"]
        st.session_state.browse_expand = []
    hit = pick_node("搜索节点", "browse")
    if hit is not None and st.button("显示该节点的邻域", key="browse_show", type="primary"):
        st.session_state.browse_centre = hit.key
        st.session_state.browse_expand = []
    centre = st.session_state.get("browse_centre") or (hit.key if hit else None)
    if centre is None:
        st.info("输入名称搜索一个节点, 查看它周围的图谱。")
        return

    controls = st.columns([1, 3, 1, 1])
    depth = controls[0].slider("深度", 1, browse.MAX_DEPTH, 1, key="browse_depth")
    default_titles = [TITLES[label] for label in ontology.NODES if label not in browse.DEFAULT_HIDDEN]
    picked_titles = controls[1].multiselect("显示的类别", list(TITLES.values()), default=default_titles,
                                            key="browse_labels")
    cap = controls[2].number_input("节点上限", min_value=20, max_value=browse.MAX_CAP, value=browse.DEFAULT_CAP,
                                   step=50, key="browse_cap")
    per_label = controls[3].number_input("每类上限", min_value=5, max_value=browse.MAX_CAP, value=PER_LABEL,
                                         step=5, key="browse_per_label",
                                         help="每类节点最多画几个, 其余合并为“另有 N 个”, 深度 2–3 时图仍可读")
    labels = tuple(LABEL_OF[t] for t in picked_titles)
    label, node_id = browse.split_key(centre)
    expand = tuple(st.session_state.get("browse_expand", []))
    graph = state.cached(browse.neighbourhood, store, label, node_id, depth=depth, labels=labels, cap=int(cap),
                         expand=expand, per_label=int(per_label))

    centre_node = graph.nodes[graph.centre]
    st.markdown(f"**中心: {centre_node.name}** ({centre_node.title}) · {len(graph.nodes)} 个节点, "
                f"{len(graph.edges)} 条关系")
    if graph.capped:
        st.warning(f"已达到节点上限 {graph.cap}: 只画出离中心最近的 {graph.cap} 个节点。"
                   "可减小深度、减少显示的类别或提高上限。")
    if graph.hidden:
        st.caption("每类上限未画出: " + "、".join(
            f"{'至少 ' if k in graph.hidden_partial else ''}{n} 个{TITLES[k]}" for k, n in sorted(graph.hidden.items()))
            + " (图中以灰框表示; 可提高“每类上限”或只看该类别)。")
    st.markdown(viz.legend_html(graph.labels()), unsafe_allow_html=True)
    st.iframe(viz.network_html(graph, height=640), height=660)

    st.markdown("**选择图中的节点**")
    keys = list(graph.nodes)
    chosen = st.selectbox("节点", keys, format_func=lambda k: f"{graph.nodes[k].name} [{graph.nodes[k].title}]",
                          key="browse_chosen")
    actions = st.columns(3)
    if actions[0].button("以此为中心", key="browse_recentre"):
        st.session_state.browse_centre = chosen
        st.session_state.browse_expand = []
        st.rerun()
    if actions[1].button("展开此节点", key="browse_expand_btn"):
        st.session_state.browse_expand = [*expand, chosen]
        st.rerun()
    chosen_label, chosen_id = browse.split_key(chosen)
    actions[2].page_link("app_pages/entity.py", label="查看实体详情", query_params={"label": chosen_label, "id": chosen_id})


tab_around, tab_path = st.tabs(["邻域", "最短路径"])
with tab_around:
    show_neighbourhood()

with tab_path:
    st.markdown("在两个节点之间找最短的关系路径 (最多 6 步, 不经过文件节点)。")
    start = pick_node("起点", "path_from")
    end = pick_node("终点", "path_to")
    if start is not None and end is not None:
        if st.button("查找最短路径", key="path_find", type="primary"):
            st.session_state.browse_path = (start.key, end.key)
        keys = st.session_state.get("browse_path")
        if keys == (start.key, end.key):
            path = state.cached(browse.shortest_path, store, browse.split_key(keys[0]), browse.split_key(keys[1]))
            if path is None:
                st.warning(f"{start.name} 与 {end.name} 之间 6 步内没有关系路径。")
            else:
                st.success(" → ".join(n.name for n in path.nodes.values()))
                st.markdown(viz.legend_html(path.labels()), unsafe_allow_html=True)
                st.iframe(viz.network_html(path, height=360), height=380)
