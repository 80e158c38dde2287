"""The app's pages (Streamlit scripts, run by ``app.py``) and their glue: :mod:`app_pages.state` (one
read-only store, caches, uploads and loads run as subprocesses), :mod:`app_pages.views` (the pages'
figures and tables) and :mod:`app_pages.viz` (drawings). Only this package imports Streamlit."""
