"""The chainkg app: `streamlit run app.py` (or `make run`).

Every page is a thin script in app_pages/ over functions in graph/ (the folder is not called pages/:
Streamlit would then also run its legacy pages-folder discovery, which bypasses this script on a
session's first run). Errors a user can cause (graph.errors.ChainKGError) are shown as a message
here, at the edge, never as a traceback.
"""

import streamlit as st

from graph.errors import ChainKGError

st.set_page_config(page_title="产业链知识图谱", layout="wide")

PAGES = [
    st.Page("app_pages/overview.py", title="总览", url_path="overview", default=True),
    st.Page("app_pages/chains.py", title="产业链", url_path="chains"),
    st.Page("app_pages/gaps.py", title="缺链招商", url_path="gaps"),
    st.Page("app_pages/review.py", title="核实清单", url_path="review"),
    st.Page("app_pages/browse.py", title="图谱浏览", url_path="browse"),
    st.Page("app_pages/entity.py", title="实体详情", url_path="entity"),
    st.Page("app_pages/duties.py", title="责任分工", url_path="duties"),
    st.Page("app_pages/targets.py", title="目标", url_path="targets"),
    st.Page("app_pages/cypher_console.py", title="Cypher 查询", url_path="cypher"),
    st.Page("app_pages/admin.py", title="数据管理", url_path="admin"),
]



def open_unknown_paths_on_the_default_page(pages) -> None:
    """A URL that names no page (``/overview``, the default page's own name, or a typo) opens the
    default page instead of Streamlit's English "Page not found" dialog. Streamlit has no public
    setting for this, so the script's intent is reset before st.navigation resolves it; should the
    internal API change, Streamlit's own behaviour (the dialog) comes back, nothing breaks."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        manager = get_script_run_ctx().pages_manager
        wanted = manager.intended_page_name
        valid = {p.url_path for p in pages} - {""}  # the default page's url_path is "" ("/" only)
        if wanted and wanted not in valid and not manager.intended_page_script_hash:
            manager.set_script_intent("", "")
    except Exception:  # noqa: BLE001 - best effort over a private API
        pass


open_unknown_paths_on_the_default_page(PAGES)
page = st.navigation(PAGES)
try:
    page.run()
except ChainKGError as err:
    st.error(f"出错了: {err}")
