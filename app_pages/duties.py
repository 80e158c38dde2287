"""责任分工: department × industry matrix from the documents (lead / support), and what is behind a cell."""

import pandas as pd
import streamlit as st

from app_pages import state
from graph import responsibility, targets

st.title("责任分工")
store = state.require_store()

rows = state.cached(responsibility.assignments, store)
if not rows:
    st.info("文件中没有找到部门分工。")
    st.stop()

ROLE_COLOURS = {"牵头": "#c6dbef", "负责": "#e5f5e0", "配合": "#f2f2f2"}


def role_style(value):
    colour = ROLE_COLOURS.get(str(value).split("·")[0])
    return f"background-color: {colour}" if colour else ""


def show_matrix(kind: str, caption: str) -> dict:
    m = responsibility.matrix(rows, kind)
    if not m["departments"]:
        st.info(f"没有部门负责的{caption}。")
        return m
    frame = pd.DataFrame([[m["cells"].get((d, t), "") for t in m["targets"]] for d in m["departments"]],
                         index=m["departments"], columns=m["targets"])
    st.dataframe(frame.style.map(role_style), width="stretch")
    return m


st.markdown("单元格: **牵头** = 牵头单位, **负责** = 按职责分工负责, **配合** = 配合单位; "
            "数字为该部门在括号中的排序 (排第 1 位的通常牵头)。")
tab_industry, tab_task = st.tabs(["部门 × 产业", "部门 × 任务"])
with tab_industry:
    industry_matrix = show_matrix("Industry", "产业")
with tab_task:
    show_matrix("Task", "任务")

st.subheader("查看单元格")
departments = industry_matrix["departments"] + sorted({r["department"] for r in rows}
                                                      - set(industry_matrix["departments"]))
picked = st.columns(2)
department = picked[0].selectbox("部门", departments, key="duty_department")
assigned = sorted({r["target"] for r in rows if r["department"] == department})
target = picked[1].selectbox("产业或任务", assigned, key="duty_target")

facts = responsibility.cell(rows, department, target)
for fact in facts:
    st.markdown(f"**{fact['role_title']}** · {fact.get('section') or ''}")
    if fact.get("sentence"):
        st.markdown(f"> {fact['sentence']}")

goals = state.cached(targets.targets, store, industry=target)
if goals:
    st.markdown(f"**{target} 的目标**")
    st.dataframe(pd.DataFrame([{"年份": g["year"], "指标": g["metric"] or g["subject"], "目标值": g["shown"],
                                "原句": g["sentence"]} for g in goals]), hide_index=True, width="stretch")

tasks = responsibility.tasks_of(rows, department)
st.markdown(f"**{department} 负责的任务** · {len(tasks)} 项")
if tasks:
    st.dataframe(pd.DataFrame([{"任务": t["target"], "角色": t["role_title"], "章节": t.get("section") or "",
                                "原句": t.get("sentence") or ""} for t in tasks]), hide_index=True, width="stretch")
