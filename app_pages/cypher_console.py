"""Cypher 查询: saved queries with their description and parameters, an editor, results as a table and
as a graph, CSV download. Read-only (graph.cypher_guard's allow-list, then the store's own walls),
with the store layer's timeout and row cap; when the app is served beyond localhost, only after the
administrator password."""

import pandas as pd
import streamlit as st

from app_pages import state, views, viz
from graph import ontology
from graph.errors import ChainKGError
from graph.queries import saved_queries

st.title("Cypher 查询")
if state.served_beyond_localhost():
    # Served to a network: the console is for administrators only (README, Security).
    address = st.get_option("server.address") or "全部网卡"
    if not state.admin_configured():
        st.error(f"本应用对网络开放 (server.address = {address}), Cypher 查询需要管理员密码: "
                 "请设置 CHAINKG_ADMIN_PASSWORD 后重启应用。")
        st.stop()
    if not state.admin_gate("cypher_admin_password",
                            f"本应用对网络开放 (server.address = {address}): 输入管理员密码后才能运行 Cypher 查询。"):
        st.stop()
store = state.require_store()
st.caption(f"只读查询 · 当前图库: {store.description} · 方言: {store.dialect}。"
           "超时与行数上限由 CHAINKG_QUERY_TIMEOUT / CHAINKG_ROW_CAP 设置。")

queries = {q.name: q for q in saved_queries(store.dialect)}
names = ["(自己编写)", *sorted(queries, key=lambda n: queries[n].title or queries[n].description)]
name = st.selectbox("常用查询", names, format_func=lambda n: n if n not in queries else
                    queries[n].title or queries[n].description, key="cypher_saved")
query = queries.get(name)
if query is not None:
    st.info(query.description or "无描述")

# A saved query may hold label slots ({label} in a pattern): the label is picked from the ontology's
# node kinds and put into the text shown below, never typed.
slot_labels = {}
if query is not None and query.labels:
    kinds = list(ontology.NODES)
    columns = st.columns(min(len(query.labels), 4))
    for i, (slot, example) in enumerate(query.labels.items()):
        slot_labels[slot] = columns[i % len(columns)].selectbox(
            "节点类别", kinds, index=kinds.index(example), help=f"查询中的 {{{slot}}}",
            format_func=lambda k: ontology.node_kind(k).title, key=f"cypher_label_{name}_{slot}")
if query is not None and query.each is not None:
    element, listed = query.each
    st.caption(f"图谱浏览对列表参数中的每个值各运行一次此查询 ({views.column_title(listed)}); 这里运行一次。")

editor_key = f"cypher_text_{name}" + "".join(f"_{label}" for label in slot_labels.values())
text = st.text_area("Cypher", value=query.render(slot_labels) if query else
                    "MATCH (i:Industry) RETURN i.name AS 产业 LIMIT 20", height=180, key=editor_key)

params = {}
statement_params = query.statement_params() if query is not None else {}
if statement_params:
    st.markdown("**参数**")
    columns = st.columns(min(len(statement_params), 4))
    for i, (pname, example) in enumerate(statement_params.items()):
        raw = columns[i % len(columns)].text_input(views.column_title(pname), value=example, help=f"查询中的 ${pname}",
                                                   key=f"cypher_param_{name}_{pname}")
        params[pname] = state.param_value(raw)

if st.button("运行", type="primary", key="cypher_run"):
    try:
        result = state.call(state.analyst_query, store, text, params)
    except ChainKGError as err:  # refused, timed out or wrong: one line, never a traceback
        st.session_state.cypher_result = None
        st.error(f"错误: {err}")
    else:
        st.session_state.cypher_result = {"columns": result.columns, "rows": result.rows,
                                          "truncated": result.truncated}

result = st.session_state.get("cypher_result")
if result:
    columns, rows = result["columns"], result["rows"]
    st.markdown(f"**结果 · {len(rows)} 行**")
    if result["truncated"]:
        st.warning(f"结果已截断为前 {len(rows)} 行 (行数上限); 请加 LIMIT 或筛选条件。")
    tab_table, tab_graph = st.tabs(["表格", "图"])
    with tab_table:
        frame = pd.DataFrame([[views.cell_text(c, r.get(c)) for c in columns] for r in rows],
                             columns=[views.column_title(c) for c in columns])
        if frame.columns.duplicated().any():  # two aliases with one Chinese name: keep both apart
            frame.columns = [views.column_title(c) if views.column_title(c) == c else f"{views.column_title(c)}({c})"
                             for c in columns]
        st.dataframe(frame, hide_index=True, width="stretch")
        st.download_button("下载 CSV", data=state.result_csv(columns, rows), file_name="query.csv", mime="text/csv",
                           key="cypher_csv")
    with tab_graph:
        graph = viz.table_graph(rows)
        if graph.nodes:
            st.markdown(viz.legend_html(graph.labels()), unsafe_allow_html=True)
            st.iframe(viz.network_html(graph, height=520), height=540)
        else:
            st.info("结果中没有节点: 返回节点或路径 (如 RETURN n, r, m) 即可画图。")
