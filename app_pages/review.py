"""核实清单: the review queue (graph.review) with its evidence; confirm, reject or place a proposal, or put
any local company on a link. Changes need CHAINKG_ADMIN_PASSWORD and the officer's name; each runs
``python -m graph review …`` / ``assign …`` in a separate process while the app keeps serving, and is
written to the audit file (data/audit.log) with who and when. The chain map and gap list follow once
the process publishes."""

import pandas as pd
import streamlit as st

from app_pages import state

st.title("核实清单")
store = state.require_store()
where = state.location()

queue = state.cached(state.review_queue, store, state.decisions_stamp())
industries = sorted({p["industry"] for p in queue})
picked = st.multiselect("产业", industries, key="review_industries", placeholder="全部产业")
shown = [p for p in queue if not picked or p["industry"] in picked]
placed = [p for p in shown if p["link"]]
unplaced = [p for p in shown if not p["link"]]

top = st.columns(3)
top[0].metric("待确认的挂链", len(placed))
top[1].metric("未挂链的成员企业", len(unplaced))
top[2].metric("涉及产业", len({p["industry"] for p in shown}))
st.caption("待确认的挂链: 文件提及或产品匹配把企业放到了环节上, 尚无人确认; 未挂链的成员企业: 文件列为该产业基础的本地企业, "
           "还不在任何环节上, 所以这些环节显示为“待核实”。确认或放置后记为“确认”, 环节状态随之更新。")

if not shown:
    st.success("核实清单为空: 没有待确认的挂链或未挂链的成员企业。")
else:
    st.dataframe(pd.DataFrame([{"企业": p["company"], "产业": p["industry"], "产业链": p["chain"],
                                "环节": p["link"] or "(未挂链)", "依据等级": p["grade"] or "待放置",
                                "证据": p["evidence"]} for p in shown]),
                 hide_index=True, width="stretch",
                 column_config={"证据": st.column_config.TextColumn(width="large")})

# --- who may change -----------------------------------------------------------------------------
st.subheader("处理")
if not state.admin_configured():
    st.info("只读实例: 设置环境变量 CHAINKG_ADMIN_PASSWORD 并重启应用后, 输入密码即可确认、否决或放置。")
    st.stop()
if not state.admin_gate("review_admin_password"):
    st.stop()
who = st.text_input("您的姓名 (记入审计日志)", key="review_who", placeholder="如 招商科 张三")


def show_result(code: int, output: str, done: str) -> None:
    (st.success if code == 0 else st.error)(done if code == 0 else "未完成: " + (output.splitlines() or [""])[-1])
    if output:
        st.code(output)


links = state.cached(state.chain_links, store)
tab_placed, tab_unplaced, tab_assign, tab_define = st.tabs(["确认或否决挂链", "放置未挂链的企业", "指定本地企业到环节",
                                                            "修改环节定义"])
with tab_placed:
    if placed:
        i = st.selectbox("挂链", range(len(placed)), key="review_pick_placed",
                         format_func=lambda k: f"{placed[k]['company']} › {placed[k]['industry']} · {placed[k]['link']} "
                                               f"({placed[k]['grade']})")
        item = placed[i]
        st.markdown(f"> {item['evidence'] or '无原句'}")
        buttons = st.columns(2)
        for column, decision, label in ((buttons[0], "confirm", "确认"), (buttons[1], "reject", "否决")):
            if column.button(label, key=f"review_{decision}", type="primary" if decision == "confirm" else "secondary"):
                with st.spinner("正在处理 (在独立进程中运行 python -m graph review)……"):
                    code, output = state.run_review(where, decision, item["company_id"], item["link_id"], who=who)
                show_result(code, output, f"已{label}: {item['company']} › {item['link']}")
    else:
        st.caption("没有待确认的挂链。")
with tab_unplaced:
    if unplaced:
        i = st.selectbox("企业", range(len(unplaced)), key="review_pick_unplaced",
                         format_func=lambda k: f"{unplaced[k]['company']} › {unplaced[k]['industry']} · "
                                               f"{unplaced[k]['chain']}")
        item = unplaced[i]
        st.markdown(f"> {item['evidence'] or '无原句'}")
        options = [x for x in links if x["industry"] == item["industry"] and x["chain_name"] == item["chain"]]
        if options:
            j = st.selectbox("放到环节", range(len(options)), key="review_place_link",
                             format_func=lambda k: f"{options[k]['position']}. {options[k]['name']}")
            if st.button("放置", key="review_place", type="primary"):
                with st.spinner("正在处理 (在独立进程中运行 python -m graph review place)……"):
                    code, output = state.run_review(where, "place", item["company_id"], options[j]["id"], who=who)
                show_result(code, output, f"已放置: {item['company']} › {options[j]['name']}")
    else:
        st.caption("没有未挂链的成员企业。")
with tab_assign:
    companies = state.cached(state.local_companies, store)
    if companies and links:
        a = st.selectbox("本地企业", range(len(companies)), key="review_assign_company",
                         format_func=lambda k: companies[k]["name"])
        b = st.selectbox("环节", range(len(links)), key="review_assign_link",
                         format_func=lambda k: f"{links[k]['industry']} › {links[k]['chain_name']} › {links[k]['name']}")
        note = st.text_input("依据 (可选)", key="review_assign_note")
        if st.button("指定", key="review_assign", type="primary"):
            with st.spinner("正在处理 (在独立进程中运行 python -m graph assign)……"):
                code, output = state.run_assign(where, companies[a]["id"], links[b]["id"], who=who, note=note)
            show_result(code, output, f"已指定: {companies[a]['name']} › {links[b]['name']}")
    else:
        st.caption("图谱中没有本地企业或产业链环节。")
with tab_define:
    if links:
        d = st.selectbox("环节", range(len(links)), key="review_define_link",
                         format_func=lambda k: f"{links[k]['industry']} › {links[k]['chain_name']} › {links[k]['name']}")
        report = state.shared(state.gap_report, store, local_limit=state.LOCAL_SHOWN)
        current = next((x for c in report["chains"] for x in c["links"] if x.get("id") == links[d]["id"]), {})
        st.markdown("**产品词**: " + ("、".join(current.get("terms") or []) or "无"))
        st.markdown("**排除词**: " + ("、".join(current.get("exclusions") or []) or "无"))
        how = st.columns([1, 2])
        op = how[0].selectbox("修改", list(state.DEFINE_OPS), format_func=lambda k: state.DEFINE_OPS[k],
                              key="review_define_op")
        term = how[1].text_input("产品词", key="review_define_term", placeholder="如 玻纤纱、医药中间体")
        if st.button("保存修改", key="review_define", type="primary"):
            with st.spinner("正在修改并重新计算覆盖表 (在独立进程中运行 python -m graph.define)……"):
                code, output = state.run_define(where, links[d]["id"], op, term, who=who)
            show_result(code, output, f"已{state.DEFINE_OPS[op]}「{term.strip()}」: {links[d]['name']}")
st.caption(f"每次处理都记入审计日志 {state.audit_path()} (时间、姓名、操作、企业、环节、结果)。")
