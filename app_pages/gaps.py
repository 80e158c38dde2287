"""缺链招商: the gaps in the order of what matters (graph.priority, with the reason beside each), the
待核实 links as review tasks, the companies that close several gaps, Excel, CSV and a brief per target.
The filters apply to every number and list on the page."""

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
policy = state.cached(views.gap_policy, store)
rows = views.ranked_gaps(report, policy)
if not rows:
    st.info("没有可分析的产业链: 请先载入政策文件。")
    st.stop()

industries = sorted({r["industry"] for r in rows})
departments = sorted({d for r in rows for d in views.department_names(r["departments"])})
filters = st.columns([2, 2, 2])
picked_industries = filters[0].multiselect("产业", industries, key="gap_industries", placeholder="全部产业")
picked_statuses = filters[1].multiselect("状态", ["缺链", "弱链", "强链"], default=["缺链", "弱链"],
                                         key="gap_statuses")
picked_department = filters[2].selectbox("责任部门", ["全部部门", *departments], key="gap_department")
department = None if picked_department == "全部部门" else picked_department
# every figure below counts within the industry and department filters
in_scope = views.filter_gaps(rows, industries=picked_industries, department=department)
shown = [r for r in in_scope if r["status"] in (picked_statuses or ["缺链", "弱链", "强链"])]
tasks = [r for r in in_scope if r["status"] == "待核实"]

counts = {status: sum(1 for r in in_scope if r["status"] == status) for status in ("缺链", "弱链", "待核实", "强链")}
metrics = st.columns(5)
metrics[0].metric("缺链环节", counts["缺链"])
metrics[1].metric("弱链环节", counts["弱链"])
metrics[2].metric("待核实 (任务)", counts["待核实"])
metrics[3].metric("强链环节", counts["强链"])
metrics[4].metric("有候选的缺口", sum(1 for r in in_scope if r["status"] in ("缺链", "弱链") and r["candidate_count"]))

st.subheader(f"缺链清单 · {len(shown)} 个环节 (按优先级)")
st.caption("优先级 (0–100) = 状态 (缺链先于弱链) + 本市对该产业的政策分量 (目标规模、文件篇幅) + 链主表述 + 关键度 "
           "(泛称环节按三分之一计) + 是否有可招的候选企业; 规则见 graph/priority.py; 完整理由在“为何排在这里”列。")
table = pd.DataFrame([{
    "优先级": r["priority"], "产业": r["industry"], "环节": r["link"], "状态": r["status"], "依据": r["why_short"],
    "候选企业": r["candidates"], "最多可补缺口": r["best_closes"], "为何排在这里": r["why"],
    "本地企业": r["local"], "责任部门": r["departments"], "产业链": r["chain"]} for r in shown])


def _status_style(value):
    colour = {"缺链": "#f8d0d0", "弱链": "#fde7c2", "强链": "#d3efd3"}.get(value)
    return f"background-color: {colour}" if colour else ""


# pixel widths that fit the main columns into a 1400 px window (the rest scroll in from the right)
COLUMNS = {
    "优先级": st.column_config.NumberColumn(format="%.0f", width=52),
    "产业": st.column_config.TextColumn(width=100), "环节": st.column_config.TextColumn(width=112),
    "状态": st.column_config.TextColumn(width=50),
    "依据": st.column_config.TextColumn(width=290, help="目标: 该产业(或其上级产业)的产值/营收目标; 文件: 文件写到该产业的"
                                                      "事实数; 关键度: 环节在全部产业链网络中的介数; 候选: 可招的企业数"),
    "候选企业": st.column_config.TextColumn(width=200), "最多可补缺口": st.column_config.NumberColumn(width=96),
    "为何排在这里": st.column_config.TextColumn(width=520),
}
if shown:
    # colouring every cell costs about 0.3 s per 1,000 rows in pandas' Styler: only for short lists
    shown_table = table.style.map(_status_style, subset=["状态"]) if len(table) <= STYLED_ROWS else table
    st.dataframe(shown_table, hide_index=True, width="stretch", column_config=COLUMNS)
else:
    st.info("没有符合筛选条件的环节。")

downloads = st.columns(2)
downloads[0].download_button("下载 CSV", data=views.gaps_csv(shown), file_name="缺链清单.csv", mime="text/csv",
                             key="gap_csv")
downloads[1].download_button("下载 Excel 工作簿 (全部缺链)", data=lambda: state.gap_workbook(store),
                             file_name="缺链招商.xlsx", key="gap_xlsx",
                             mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

if tasks:
    st.subheader(f"待核实 · {len(tasks)} 个环节 (核实任务, 不计为缺口)")
    st.caption("该产业链有文件列名的本地企业尚未挂到具体环节: 先核实它们是否在这些环节上, 再决定是否招商。")
    st.dataframe(pd.DataFrame([{"产业": r["industry"], "产业链": r["chain"], "环节": r["link"],
                                "候选企业": r["candidates"], "责任部门": r["departments"]} for r in tasks]),
                 hide_index=True, width="stretch")

st.subheader("一企补多缺: 招商目标企业")
recruits = views.filter_recruits(views.recruits(report), [r for r in shown if r["status"] in ("缺链", "弱链")])
if recruits:
    if len(recruits) > RECRUITS_SHOWN:
        st.caption(f"共 {len(recruits):,} 家, 列出可补缺口最多的前 {RECRUITS_SHOWN} 家; 完整名单见 Excel 工作簿。")
    st.dataframe(pd.DataFrame([{"企业": r["name"], "地区": r.get("region") or "", "风险": r.get("flags") or "",
                                "可补缺口数": r["closes"], "补哪些缺口": r["gaps"], "相关产品": r["products"],
                                "最高主营占比": views.share_text(r["best_weight"]), "全称": r["fullname"],
                                "代码": r["code"]}
                               for r in recruits[:RECRUITS_SHOWN]]), hide_index=True, width="stretch",
                 column_config={"企业": st.column_config.TextColumn(width=90),
                                "地区": st.column_config.TextColumn(width=96),
                                "风险": st.column_config.TextColumn(width=50),
                                "可补缺口数": st.column_config.NumberColumn(width=80),
                                "补哪些缺口": st.column_config.TextColumn(width=360),
                                "相关产品": st.column_config.TextColumn(width=150),
                                "最高主营占比": st.column_config.TextColumn(width=90)})
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
if without and not picked_industries and department is None:
    plain = [r["industry"] for r in without if r["reason"] == "无产业链"]
    other = [r for r in without if r["reason"] != "无产业链"]
    if other:
        st.subheader(f"有产业链但缺列名企业等的产业 · {len(other)} 个")
        st.dataframe(pd.DataFrame(other).rename(columns={"industry": "产业", "kind": "类别", "reason": "原因"}),
                     hide_index=True, width="stretch")
    if plain:
        st.caption(f"文件未写明产业链的产业 ({len(plain)} 个): " + "、".join(plain))
