"""总览: the city first (its industries, chains and links by status, its local companies), then the
national pool apart, then the chains with completeness and the targets by year."""

import pandas as pd
import streamlit as st

from app_pages import state, views
from graph import targets

st.title("产业链知识图谱 · 总览")
store = state.require_store()

docs = state.cached(views.documents, store)
city = views.city_name(docs) or "本市"
figures = state.cached(views.city_figures, store)
pool = state.cached(views.pool_figures, store)

st.subheader(f"{city}: 文件中的产业与产业链")
top = st.columns(4)
top[0].metric("产业", figures["industries"])
top[1].metric("产业链", figures["chains"])
top[2].metric("环节", figures["links"])
top[3].metric("本地企业", figures["local"])
status = st.columns(4)
for column, name in zip(status, ("强链", "弱链", "待核实", "缺链"), strict=True):
    column.metric(f"{name}环节", figures["by_status"][name])
st.caption(f"本地企业 {figures['local']} 家: 已挂到产业链环节 {figures['placed']} 家, "
           f"未挂链 {figures['local'] - figures['placed']} 家; 规上企业 {figures['above_scale']} 家, "
           f"链主 {figures['chain_leaders']} 家 (规上与链主来自企业名单)。")

st.subheader("全国企业库 (招商候选的来源)")
if pool["companies"]:
    national = st.columns(3)
    national[0].metric("上市企业", f"{pool['companies']:,}")
    national[1].metric("申万行业", f"{pool['industries']:,}")
    national[2].metric("产品", f"{pool['products']:,}")
    st.caption("A 股上市企业及其主营产品, 2021 年快照; 只用于找招商候选企业, 不计入本市数字。")
else:
    st.info(views.POOL_HINT)

st.subheader("产业链完整度")
chains = state.cached(views.chains, store)
if chains:
    st.dataframe(pd.DataFrame([{"产业": c.industry, "产业链": c.name, "环节数": c.links, "强链": c.strong,
                                "弱链": c.weak, "待核实": c.pending, "缺链": c.missing,
                                "完整度": round(100 * c.completeness)} for c in chains]),
                 column_config={"完整度": st.column_config.ProgressColumn("完整度", min_value=0, max_value=100,
                                                                        format="%d%%")},
                 hide_index=True, width="stretch")
else:
    st.info("图谱中还没有产业链。")

st.subheader("产业 (按类别)")
industries = state.cached(views.industries, store)
if not industries:
    st.info("图谱中还没有产业。")
grouped = views.industries_by_kind(industries)
for column, (kind, rows) in zip(st.columns(max(len(grouped), 1)), grouped.items(), strict=False):
    with column:
        st.markdown(f"**{kind}** · {len(rows)} 个")
        st.dataframe(pd.DataFrame(rows).drop(columns=["kind"]).rename(columns={
            "name": "产业", "level": "层级", "parent": "上级产业", "chains": "产业链数", "companies": "列名企业数"}),
            hide_index=True, width="stretch")

st.subheader("目标 (按年份)")
target_rows = state.cached(targets.targets, store)
by_year = views.targets_by_year(target_rows)
if by_year:
    st.bar_chart(pd.DataFrame(by_year).rename(columns={"year": "年份", "count": "目标数"}), x="年份", y="目标数")
else:
    st.info("图谱中还没有目标。")

if docs:
    st.caption("已载入文件: " + "; ".join(f"{d.get('title') or d['id']} ({d.get('number') or '无文号'}, "
                                          f"{d.get('date') or '日期未注明'})" for d in docs))
