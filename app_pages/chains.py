"""产业链: each chain of an industry upstream→downstream, links coloured by status; one link in detail."""

import pandas as pd
import streamlit as st

from app_pages import state, views, viz

st.title("产业链")
store = state.require_store()

summaries = state.cached(views.chains, store)
industries = sorted({c.industry for c in summaries if c.industry})
if not industries:
    st.info("图谱中还没有产业链: 请先载入政策文件 (数据管理页或 `python -m ingest build`)。")
    st.stop()

wanted = st.query_params.get("industry")
industry = st.selectbox("选择产业", industries, index=industries.index(wanted) if wanted in industries else 0,
                        key="chain_industry")
report = state.shared(state.gap_report, store, industry)
chains = report.get("chains", [])
if not chains:
    st.info(f"{industry} 没有可分析的产业链。")
    st.stop()

st.markdown(viz.status_legend_html(), unsafe_allow_html=True)
drawing = st.container()  # the chains are drawn above the link picker, once the pick is known
choices = {}
for chain in chains:
    for link in chain.get("links", []):
        choices[f"{chain['name']} › {link.get('position')}. {link['name']} ({link.get('status') or '未评估'})"] = \
            (chain, link)
wanted_link = st.query_params.get("link")
first = next((i for i, (_, link) in enumerate(choices.values()) if link["name"] == wanted_link), 0)
picked = st.selectbox("选择环节查看详情", list(choices), index=first, key="chain_link")
picked_chain, picked_link = choices[picked]

with drawing:
    for chain in chains:
        completeness = chain.get("completeness")
        done = f" · 完整度 {completeness:.0%}" if isinstance(completeness, (int, float)) else ""
        st.markdown(f"#### {chain['name']}{done}")
        st.markdown(viz.chain_html([
            {"name": link["name"], "status": link.get("status"), "stage": link.get("stage"),
             "local": len(link.get("local_companies") or []),
             "selected": chain is picked_chain and link is picked_link}
            for link in chain.get("links", [])]), unsafe_allow_html=True)

link = picked_link
st.divider()
st.subheader(f"环节: {link['name']} · {link.get('status') or '未评估'}")
where = f"所在产业链 **{picked_chain['name']}** · {link.get('stage') or ''} 第 {link.get('position')} 环"
if isinstance(link.get("criticality"), (int, float)):
    where += f" · 关键度 **{link['criticality']:.2f}**"
st.markdown(where)

left, right = st.columns([2, 3])
with left:
    st.markdown("**本地企业**")
    local = link.get("local_companies") or []
    if local:
        st.dataframe(pd.DataFrame([{"企业": c.get("name"), "来源": views.via_title(c.get("via")),
                                    "产品": c.get("product") or "", "依据": views.evidence_text(c.get("evidence"))}
                                   for c in local]),
                     hide_index=True, width="stretch")
    else:
        st.warning("该环节没有本地企业。")
    st.markdown("**责任部门**")
    st.write("、".join(views.names(link.get("departments"))) or "文件未写明")
    st.markdown("**承载园区**")
    st.write("、".join(views.names(link.get("parks"))) or "文件未写明")
with right:
    st.markdown("**招商候选企业** (全国企业库)")
    candidates = link.get("candidates") or []
    if candidates:
        st.dataframe(pd.DataFrame([{"企业": c.get("name"), "主营产品": c.get("product") or "",
                                    "占比": views.share_text(c.get("weight")), "地区": views.region_text(c.get("region")),
                                    "风险": "、".join(c.get("flags") or []), "可补缺口": c.get("closes") or 0,
                                    "理由": c.get("reason") or "", "全称": c.get("fullname") or "",
                                    "代码": c.get("code") or ""} for c in candidates]),
                     hide_index=True, width="stretch",
                     column_config={"企业": st.column_config.TextColumn(width=84),
                                    "主营产品": st.column_config.TextColumn(width=110),
                                    "占比": st.column_config.TextColumn(width=48),
                                    "地区": st.column_config.TextColumn(width=96),
                                    "风险": st.column_config.TextColumn(width=48),
                                    "可补缺口": st.column_config.NumberColumn(width=64),
                                    "理由": st.column_config.TextColumn(width=260)})
    elif link.get("status") == "强链":
        st.info("强链环节, 不需要招商候选。")
    elif not state.cached(views.pool_loaded, store):
        st.info(views.POOL_HINT)
    else:
        st.info("全国企业库中没有主营该环节产品的企业。")

evidence = views.link_evidence(link)
if evidence:
    st.markdown("**证据原句**")
    for sentence in evidence:
        st.markdown(f"> {sentence}")

extension = picked_chain.get("extension") or {}
if extension.get("upstream") or extension.get("downstream"):
    st.markdown("**延链方向** (全国企业库的产品上下游关系)")
    st.markdown(f"- 向上游延伸 (第一环 {picked_chain['links'][0]['name']} 的原材料): "
                f"{views.extension_text(extension.get('upstream')) or '无'}")
    st.markdown(f"- 向下游延伸 (末环 {picked_chain['links'][-1]['name']} 的下游产品): "
                f"{views.extension_text(extension.get('downstream')) or '无'}")
