"""总览: nodes per kind, industries by kind, chains with completeness, targets by year."""

import pandas as pd
import streamlit as st

from app_pages import state, views
from graph import targets

st.title("产业链知识图谱 · 总览")
store = state.require_store()

counts = state.cached(views.counts, store)
shown = [c for c in counts if c["label"] in ("Industry", "Chain", "ChainLink", "Company", "Park", "Department")]
for column, item in zip(st.columns(len(shown)), shown, strict=True):
    column.metric(item["kind"], item["count"])

left, right = st.columns([1, 2])
with left:
    st.subheader("各类节点数量")
    st.dataframe(pd.DataFrame(counts).rename(columns={"kind": "类别", "count": "数量", "label": "标签"}),
                 hide_index=True, width="stretch")
with right:
    st.subheader("产业 (按类别)")
    industries = state.cached(views.industries, store)
    if not industries:
        st.info("图谱中还没有产业。")
    for kind, rows in views.industries_by_kind(industries).items():
        st.markdown(f"**{kind}** · {len(rows)} 个")
        st.dataframe(pd.DataFrame(rows).drop(columns=["kind"]).rename(columns={
            "name": "产业", "level": "层级", "parent": "上级产业", "chains": "产业链数", "companies": "列名企业数"}),
            hide_index=True, width="stretch")

st.subheader("产业链完整度")
chains = state.cached(views.chains, store)
if chains:
    st.dataframe(pd.DataFrame([{"产业": c.industry, "产业链": c.name, "环节数": c.links, "有本地企业的环节": c.covered,
                                "完整度": c.completeness, "缺链": c.missing, "弱链": c.weak, "强链": c.strong}
                               for c in chains]),
                 column_config={"完整度": st.column_config.ProgressColumn("完整度", min_value=0.0, max_value=1.0,
                                                                        format="percent")},
                 hide_index=True, width="stretch")
else:
    st.info("图谱中还没有产业链。")

st.subheader("目标 (按年份)")
target_rows = state.cached(targets.targets, store)
by_year = views.targets_by_year(target_rows)
if by_year:
    st.bar_chart(pd.DataFrame(by_year).rename(columns={"year": "年份", "count": "目标数"}), x="年份", y="目标数")
else:
    st.info("图谱中还没有目标。")

docs = state.cached(views.documents, store)
if docs:
    st.caption("已载入文件: " + "; ".join(f"{d.get('title') or d['id']} ({d.get('number') or '无文号'})" for d in docs))
