"""数据管理: what is loaded; preview what a new policy document would add (with evidence) and load it;
check a company list and import it; rebuild. Loading runs in a separate process; editing needs
CHAINKG_ADMIN_PASSWORD to be set and entered."""

import hashlib

import pandas as pd
import streamlit as st

from app_pages import state, views
from graph.errors import ChainKGError

st.title("数据管理")
where = state.location()

st.subheader("当前图谱")
if state.graph_missing(where):
    st.info(f"还没有图谱数据 ({where})。管理员可在下方上传文件并载入, 或运行 `make run` / "
            f"`python -m ingest build --store {where} data/docs`。")
else:
    store = state.require_store()
    docs = state.cached(views.documents, store)
    st.dataframe(pd.DataFrame([{"文件": d.get("title") or d["id"], "文号": d.get("number"), "发文机关": d.get("issuer"),
                                "日期": d.get("date"), "编号": d["id"]} for d in docs]),
                 hide_index=True, width="stretch")
    st.caption(f"图库: {store.description} · 版本 {store.version()}")

# --- who may edit ---------------------------------------------------------------------------
if not state.admin_configured():
    st.info("管理操作已关闭 (只读实例): 设置环境变量 CHAINKG_ADMIN_PASSWORD 并重启应用后, 输入密码即可上传和载入。")
    admin = False
else:
    admin = state.admin_gate("admin_password")
    if admin:
        st.success("已进入管理模式。")

# --- a new policy document ------------------------------------------------------------------
st.subheader("上传政策文件")
st.markdown("支持 .txt (任意常见中文编码)、.docx 和带文字层的 .pdf。先预览抽取结果及其原句, 确认后再载入。")
upload = st.file_uploader("政策文件", type=["txt", "docx", "pdf"], key="admin_doc")


@st.cache_data(show_spinner="正在抽取……", max_entries=8)
def preview(name: str, digest: str, data: bytes) -> dict:
    return state.preview_upload(name, data)


PREVIEW_LISTS = {"industries": "产业", "companies": "企业", "parks": "园区", "departments": "部门",
                 "chains": "产业链", "targets": "目标", "projects": "项目", "technologies": "技术", "products": "产品"}

if upload is not None:
    data = upload.getvalue()
    try:
        extraction = preview(upload.name, hashlib.sha256(data).hexdigest(), data)
    except ChainKGError as err:
        st.error(f"无法读取该文件: {err}")
        extraction = None
    if extraction is not None:
        meta = extraction.get("document") or {}
        st.markdown(f"**{meta.get('title') or upload.name}** · {meta.get('number') or '无文号'} · "
                    f"{meta.get('issuer') or ''} {meta.get('date') or ''}")
        counts = {title: len(extraction.get(key) or []) for key, title in PREVIEW_LISTS.items()}
        st.dataframe(pd.DataFrame([counts]), hide_index=True, width="stretch")
        tabs = st.tabs(list(PREVIEW_LISTS.values()))
        for tab, key in zip(tabs, PREVIEW_LISTS, strict=True):
            with tab:
                items = extraction.get(key) or []
                if not items:
                    st.caption("未抽取到。")
                    continue
                st.dataframe(pd.DataFrame([{
                    "名称": item.get("name") or "→".join(item.get("links") or []) or item.get("subject") or "",
                    "产业": item.get("industry") or item.get("parent") or "",
                    "细节": "; ".join(f"{k}={v}" for k, v in item.items()
                                      if k in ("verb", "kind", "level", "year", "value", "unit", "qualifier",
                                               "responsible_for", "external", "is_industrial_chain", "county")
                                      and v not in (None, "", [])),
                    "原句": views.evidence_text(item.get("evidence"))} for item in items]),
                    hide_index=True, width="stretch")
        if st.button("保存到 data/docs/ 并载入图谱", disabled=not admin, key="admin_load", type="primary"):
            path = state.save_upload(upload.name, data)
            with st.spinner("正在载入 (在独立进程中运行 python -m ingest build)……"):
                code, output = state.run_build(where)
            (st.success if code == 0 else st.error)(f"{path.name}: {'载入完成' if code == 0 else '载入失败'}")
            st.code(output or "(无输出)")

# --- company lists (another issue) ------------------------------------------------------------
st.subheader("上传企业名单")
st.markdown("本地企业名单 (规上企业、链主、园区企业……): 每家企业一行, 至少有“企业名称”列; 可有统一社会信用代码、"
            "所在区县、所属园区、产业链环节、主营产品等列。先检查, 再导入。")
company_file = st.file_uploader("企业名单", type=["csv", "xlsx"], key="admin_companies",
                                disabled=state.graph_missing(where))
if company_file is not None:
    company_data = company_file.getvalue()
    try:
        checked = state.call(state.check_company_list, state.require_store(), company_file.name, company_data)
    except ChainKGError as err:
        st.error(f"无法读取该名单: {err}")
        checked = None
    if checked is not None:
        st.markdown(f"**{checked['file']}** · 共 {checked['rows']} 行, 可导入 {len(checked['valid'])} 行, "
                    f"有错误 {len({p[0] for p in checked['problems']})} 行")
        if checked["valid"]:
            st.dataframe(pd.DataFrame([{"行": v["row"], "企业": v["name"], "图谱中已有": "是" if v["existing"] else "否",
                                        "覆盖环节": "、".join(v["links"])} for v in checked["valid"]]),
                         hide_index=True, width="stretch")
        for title, items in (("错误", checked["problems"]), ("提示", checked["warnings"])):
            if items:
                st.markdown(f"**{title}**")
                st.dataframe(pd.DataFrame([{"行": r, "列": c, "说明": why} for r, c, why in items]),
                             hide_index=True, width="stretch")
        skip = st.checkbox("只导入无误的行", key="admin_skip_invalid", disabled=not checked["problems"])
        if st.button("导入企业名单", disabled=not admin, key="admin_import_companies", type="primary"):
            with st.spinner("正在导入 (在独立进程中运行 python -m ingest companies)……"):
                code, output = state.run_company_import(where, company_file.name, company_data, skip_invalid=skip)
            (st.success if code == 0 else st.error)("导入完成" if code == 0 else "导入失败")
            st.code(output or "(无输出)")

# --- the national pool ------------------------------------------------------------------------
st.subheader("导入全国企业库")
pool_loaded = not state.graph_missing(where) and state.cached(views.pool_loaded, state.require_store())
st.markdown(("已载入全国企业库; 再次导入同一目录不会重复。" if pool_loaded else "尚未载入全国企业库: 导入后, 缺链招商和"
             "产业链页才有招商候选企业。") + " 目录中应有 company.jsonl 等七个文件 (格式同 ../shared/datasets/chain-kg, "
            "2021 年快照); 在独立进程中导入, 应用照常服务。")
pool_dir = st.text_input("企业库目录", value=state.default_pool_dir(), key="admin_pool_dir",
                         disabled=state.graph_missing(where))
if st.button("导入企业库", disabled=not admin or state.graph_missing(where), key="admin_import_pool"):
    with st.spinner("正在导入 (在独立进程中运行 python -m ingest pool, 约一分钟)……"):
        code, output = state.run_pool_import(where, pool_dir)
    (st.success if code == 0 else st.error)("企业库导入完成" if code == 0 else "企业库导入失败")
    st.code(output or "(无输出)")

# --- rebuild ----------------------------------------------------------------------------------
st.subheader("重建图谱")
st.markdown("重新载入 data/docs/ 中的全部文件 (未变化的文件会跳过)。在独立进程中运行, 应用照常服务。")
if st.button("重建", disabled=not admin, key="admin_rebuild"):
    with st.spinner("正在重建……"):
        code, output = state.run_build(where)
    (st.success if code == 0 else st.error)("重建完成" if code == 0 else "重建失败")
    st.code(output or "(无输出)")
