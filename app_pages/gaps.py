"""缺链招商: every gap ranked, filters, the companies that close several gaps, Excel and CSV downloads."""

import pandas as pd
import streamlit as st

from app_pages import state, views

RECRUITS_SHOWN = 200  # the rest are in the workbook
STYLED_ROWS = 300

st.title("缺链招商")
store = state.require_store()
if not state.cached(views.pool_loaded, store):
    st.info(views.POOL_HINT)

report = state.shared(state.gap_report, store, local_limit=state.LOCAL_SHOWN)
rows = views.gap_rows(report)
if not rows:
    st.info("没有可分析的产业链: 请先载入政策文件。")
    st.stop()

industries = sorted({r["industry"] for r in rows})
departments = sorted({d for r in rows for d in views.department_names(r["departments"])})
filters = st.columns([2, 2, 2])
picked_industries = filters[0].multiselect("产业", industries, key="gap_industries", placeholder="全部产业")
picked_statuses = filters[1].multiselect("状态", list(views.STATUS_ORDER), default=["缺链", "弱链"],
                                         key="gap_statuses")
picked_department = filters[2].selectbox("责任部门", ["全部部门", *departments], key="gap_department")
shown = views.filter_gaps(rows, industries=picked_industries, statuses=picked_statuses,
                             department=None if picked_department == "全部部门" else picked_department)

counts = {status: sum(1 for r in rows if r["status"] == status) for status in views.STATUS_ORDER}
metrics = st.columns(4)
metrics[0].metric("缺链环节", counts["缺链"])
metrics[1].metric("弱链环节", counts["弱链"])
metrics[2].metric("强链环节", counts["强链"])
metrics[3].metric("无产业链的产业", len(report.get("industries_without_chain") or []))

table = pd.DataFrame([{
    "产业": r["industry"], "产业链": r["chain"], "环节": r["link"], "位置": r["stage"], "状态": r["status"],
    "关键度": round(r["criticality"], 2) if isinstance(r["criticality"], (int, float)) else None, "本地企业": r["local"], "候选企业": r["candidates"], "候选数": r["candidate_count"],
    "最多可补缺口": r["best_closes"], "责任部门": r["departments"], "承载园区": r["parks"]} for r in shown])


def _status_style(value):
    colour = {"缺链": "#f8d0d0", "弱链": "#fde7c2", "强链": "#d3efd3"}.get(value)
    return f"background-color: {colour}" if colour else ""


st.subheader(f"缺链清单 · {len(shown)} 个环节")
if shown:
    # colouring every cell costs about 0.3 s per 1,000 rows in pandas' Styler: only for short lists
    shown_table = table.style.map(_status_style, subset=["状态"]) if len(table) <= STYLED_ROWS else table
    st.dataframe(shown_table, hide_index=True, width="stretch",
                 column_config={"关键度": st.column_config.NumberColumn(format="%.2f")})
else:
    st.info("没有符合筛选条件的环节。")

downloads = st.columns(2)
downloads[0].download_button("下载 CSV", data=views.gaps_csv(shown), file_name="缺链清单.csv", mime="text/csv",
                             key="gap_csv")
downloads[1].download_button("下载 Excel 工作簿 (全部缺链)", data=lambda: state.gap_workbook(store),
                             file_name="缺链招商.xlsx", key="gap_xlsx",
                             mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

st.subheader("一企补多缺: 招商目标企业")
recruits = views.recruits(report)
if recruits:
    if len(recruits) > RECRUITS_SHOWN:
        st.caption(f"共 {len(recruits):,} 家, 列出可补缺口最多的前 {RECRUITS_SHOWN} 家; 完整名单见 Excel 工作簿。")
    st.dataframe(pd.DataFrame([{"企业": r["name"], "全称": r["fullname"], "代码": r["code"], "可补缺口数": r["closes"],
                                "补哪些缺口": r["gaps"], "相关产品": r["products"], "最高主营占比": views.share_text(r["best_weight"])}
                               for r in recruits[:RECRUITS_SHOWN]]), hide_index=True, width="stretch")
    pick = st.columns([3, 2])
    chosen = pick[0].selectbox("招商简报 (Word, 一页): 选择目标企业", range(min(len(recruits), RECRUITS_SHOWN)),
                               format_func=lambda i: f"{recruits[i]['name']} · 可补 {recruits[i]['closes']} 个缺口",
                               key="gap_brief_company")
    target = recruits[chosen]
    pick[1].download_button(f"下载 {target['name']} 招商简报", key="gap_brief",
                            data=lambda: state.company_brief(store, target["code"] or target["name"]),
                            file_name=f"招商简报-{target['name']}.docx",
                            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
elif not state.cached(views.pool_loaded, store):
    st.info(views.POOL_HINT)
else:
    st.info("全国企业库中没有主营这些缺链环节产品的企业。")

without = views.without_chain_rows(report)
if without:
    st.subheader(f"没有产业链或列名企业的产业 · {len(without)} 个")
    st.dataframe(pd.DataFrame(without).rename(columns={"industry": "产业", "kind": "类别", "reason": "原因"}),
                 hide_index=True, width="stretch")
