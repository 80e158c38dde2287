"""目标: the documents' targets by industry and year, as a table and a chart."""

import pandas as pd
import streamlit as st

from app_pages import state
from graph import targets

st.title("目标")
store = state.require_store()

rows = state.cached(targets.targets, store)
if not rows:
    st.info("文件中没有找到量化目标。")
    st.stop()

owners = sorted({r["owner"] for r in rows if r["owner"]})
years = sorted({r["year"] for r in rows if r["year"]})
filters = st.columns(2)
owner = filters[0].selectbox("产业或任务", ["全部", *owners], key="target_owner")
year = filters[1].selectbox("年份", ["全部", *years], key="target_year")
shown = [r for r in rows if (owner == "全部" or r["owner"] == owner) and (year == "全部" or r["year"] == year)]

st.subheader(f"目标 · {len(shown)} 项")
st.dataframe(pd.DataFrame([{"产业/任务": r["owner"], "年份": r["year"], "指标": r["metric"] or r["subject"],
                            "目标值": r["shown"], "原句": r["sentence"], "文件": r["document"]} for r in shown]),
             hide_index=True, width="stretch")

chart = targets.chart_rows(shown)
if chart:
    st.subheader("各年份目标数 (按产业/任务)")
    st.bar_chart(pd.DataFrame(chart).rename(columns={"year": "年份", "owner": "产业/任务", "count": "目标数"}),
                 x="年份", y="目标数", color="产业/任务")
