"""实体详情: one company, park, department, industry or link: its properties, every relationship, and
each fact's source sentence and document."""

import pandas as pd
import streamlit as st

from app_pages import state, viz
from graph import browse

st.title("实体详情")
store = state.require_store()

params = st.query_params
text = st.text_input("搜索实体", key="entity_text", placeholder="企业、园区、部门、产业、环节……的名称或别名")
target = None
if text.strip():
    hits = state.cached(browse.search, store, text, labels=browse.ENTITY_LABELS)
    if hits:
        choice = st.selectbox("匹配的实体", range(len(hits)), format_func=lambda i: hits[i].caption,
                              key="entity_pick")
        target = (hits[choice].label, hits[choice].id)
    else:
        st.warning(f"没有名称或别名包含 “{text.strip()}” 的实体。")
elif params.get("label") and params.get("id"):
    target = (params["label"], params["id"])

if target is None:
    st.info("搜索一个实体, 或从图谱浏览页点“查看实体详情”进入。")
    st.stop()

detail = state.cached(browse.entity, store, *target)
node = detail.node
st.header(f"{node.name}")
context = browse.node_context(node.label, node.id)
st.markdown(viz.badge_html(node.label) + (" &nbsp; " + viz.escape(context) if context else ""), unsafe_allow_html=True)

st.subheader("属性")
st.dataframe(pd.DataFrame([{"属性": k, "值": v} for k, v in browse.shown_props(detail.props)],
                          columns=["属性", "值"]), hide_index=True, width="stretch")

st.subheader(f"关系 · {len(detail.relations)} 条")
if detail.relations:
    st.dataframe(pd.DataFrame([{
        "关系": r.title, "方向": "→" if r.direction == "out" else "←", "对象类别": r.other.title, "对象": r.other.name,
        "关系属性": "；".join(f"{k}: {v}" for k, v in browse.shown_props(r.props)),
        "原句": r.sentence or "", "章节": r.section or "",
        "文件": r.doc_title if r.doc_title and r.source == "document" else "",
        "来源": browse.value_title(r.source) if r.source else ""}
        for r in detail.relations]), hide_index=True, width="stretch")
    others = {f"{r.other.name} [{r.other.title}]": r.other for r in detail.relations}
    picked = st.selectbox("打开相关实体", list(others), key="entity_related")
    other = others[picked]
    links = st.columns(2)
    links[0].page_link("app_pages/entity.py", label=f"查看 {other.name}", query_params={"label": other.label, "id": other.id})
    links[1].page_link("app_pages/browse.py", label=f"在图谱中浏览 {node.name}", query_params={"node": node.key})
else:
    st.info("该实体没有其他关系。")

st.subheader(f"文件出处 · {len(detail.mentions)} 处")
if detail.mentions:
    for mention in detail.mentions:
        where = f"{mention.doc_title}" + (f" · {mention.section}" if mention.section else "")
        span = f" (第 {mention.span_start}–{mention.span_end} 字)" if mention.span_start is not None and \
            mention.span_start >= 0 else ""
        st.markdown(f"**{where}**{span}")
        if mention.sentence:
            st.markdown(f"> {mention.sentence}")
else:
    st.caption("没有文件直接提到该实体 (可能来自全国企业库或企业名单)。")
