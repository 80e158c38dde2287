"""Every page of the app, driven with Streamlit's AppTest against a real embedded store in a tmp dir."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from graph.store import open_store
from tests.conftest import ROOT
from tests.test_browse import sample_batch

PAGES = ["app_pages/overview.py", "app_pages/chains.py", "app_pages/gaps.py", "app_pages/review.py",
         "app_pages/browse.py", "app_pages/entity.py",
         "app_pages/duties.py", "app_pages/targets.py", "app_pages/cypher_console.py", "app_pages/admin.py"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A published embedded graph holding the sample graph (see tests/test_browse.py)."""
    where = tmp_path_factory.mktemp("app") / "graph"
    with open_store(str(where)) as store:
        store.write(sample_batch())
    return str(where)


@pytest.fixture
def app(built, monkeypatch):
    monkeypatch.setenv("CHAINKG_STORE", built)
    monkeypatch.delenv("CHAINKG_ADMIN_PASSWORD", raising=False)

    def open_page(page: str | None = None, **query) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        if page:
            at.switch_page(page).run()
        assert [] == [e.value for e in at.exception]
        return at

    return open_page


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [e.value for e in at.info] + [e.value for e in at.warning]
    parts += [e.value for e in at.error] + [e.value for e in at.success] + [t.value for t in at.title]
    parts += [h.value for h in at.subheader] + [h.value for h in at.header] + [c.value for c in at.caption]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_an_exception(app, page):
    at = app(page)
    assert [] == [e.value for e in at.error]
    assert at.title and at.title[0].value


def test_the_overview_shows_counts_industries_chains_and_targets(app):
    at = app()
    assert "产业链知识图谱 · 总览" == at.title[0].value
    metrics = {m.label: m.value for m in at.metric}
    # the city's own figures: the documents' four industries and three local firms, not the pool's
    assert "4" == metrics["产业"] and "3" == metrics["本地企业"] and "1" == metrics["产业链"]
    assert "2" == metrics["上市企业"]  # the national pool, apart
    assert {"1", "2"} == {metrics["缺链环节"], metrics["强链环节"]} | {metrics["弱链环节"]}
    assert "某市: 文件中的产业与产业链" in texts(at)
    body = texts(at)
    assert "战略性新兴产业" in body and "未来产业" in body
    chains = next(d.value for d in at.dataframe if "完整度" in d.value.columns)
    assert ["基础原料→中间体→原料药→化学制剂"] == list(chains["产业链"])
    assert [50] == list(chains["完整度"])  # per cent, rounded


def test_a_missing_graph_names_the_command_that_builds_it(tmp_path, monkeypatch):
    monkeypatch.setenv("CHAINKG_STORE", str(tmp_path / "nothing-here"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert [] == [e.value for e in at.exception]
    assert "python -m ingest build" in at.info[0].value and "make run" in at.info[0].value


def test_the_chain_page_draws_links_by_status_and_shows_a_selected_link(app):
    at = app("app_pages/chains.py")
    at.selectbox(key="chain_industry").set_value("化学药").run()
    assert [] == [e.value for e in at.exception]
    links = at.selectbox(key="chain_link")
    missing = next(o for o in links.options if "› 2. 中间体" in o)
    links.set_value(missing).run()
    assert [] == [e.value for e in at.exception]
    body = texts(at)
    assert "环节: 中间体" in body
    assert "#d62728" in body  # a 缺链 link drawn in the missing colour
    assert "该环节没有本地企业" in body


def test_the_gap_page_ranks_gaps_filters_them_and_offers_downloads(app):
    at = app("app_pages/gaps.py")
    table = at.dataframe[0].value
    assert {"缺链", "弱链"} >= set(table["状态"])
    assert "缺链" == table["状态"].iloc[0]
    at.multiselect(key="gap_statuses").set_value(["缺链"]).run()
    assert {"缺链"} == set(at.dataframe[0].value["状态"])
    without = next(d.value for d in at.dataframe if "原因" in d.value.columns)
    assert "氢能" in list(without["产业"])
    labels = [b.proto.label for b in at.get("download_button")]
    assert "下载 CSV" in labels and "下载 Excel 工作簿 (全部缺链)" in labels


def test_the_gap_page_says_why_each_gap_ranks_where_it_does_and_filters_every_figure(app):
    at = app("app_pages/gaps.py")
    table = at.dataframe[0].value
    assert list(table["优先级"]) == sorted(table["优先级"], reverse=True)
    assert all(why.startswith(status) for why, status in zip(table["为何排在这里"], table["状态"], strict=True))
    before = {m.label: m.value for m in at.metric}
    counted = {k: int(before[k]) for k in ("缺链环节", "弱链环节", "待核实 (任务)", "强链环节")}
    assert 4 == sum(counted.values())  # the four links of the one chain, each counted once
    at.selectbox(key="gap_department").set_value("市科技局").run()
    assert {m.label: m.value for m in at.metric} == before  # 市科技局 supports 化学药: the same links
    at.multiselect(key="gap_industries").set_value(["化学药"]).run()
    assert [] == [e.value for e in at.exception]
    assert f"缺链清单 · {counted['缺链环节'] + counted['弱链环节']} 个环节 (按优先级)" in texts(at)
    at.multiselect(key="gap_statuses").set_value(["强链"]).run()  # the status filter narrows the list only
    assert {m.label: m.value for m in at.metric} == before


def test_browsing_shows_the_neighbourhood_of_a_found_node_and_the_cap(app):
    at = app("app_pages/browse.py")
    at.text_input(key="browse_text").input("化学药").run()
    assert "化学药" in at.selectbox(key="browse_pick").options[0]
    at.button(key="browse_show").click().run()
    assert [] == [e.value for e in at.exception]
    assert "中心: 化学药" in texts(at)
    assert not [w for w in at.warning if "上限" in w.value]
    at.slider(key="browse_depth").set_value(3).run()
    at.number_input(key="browse_cap").set_value(20).run()
    assert [] == [e.value for e in at.exception]
    assert any("已达到节点上限 20" in w.value for w in at.warning)


def test_browsing_can_recentre_on_a_node_of_the_drawing(app):
    at = app("app_pages/browse.py")
    at.text_input(key="browse_text").input("示例医药港").run()
    at.button(key="browse_show").click().run()
    at.selectbox(key="browse_chosen").set_value("Industry:化学药").run()
    at.button(key="browse_recentre").click().run()
    assert [] == [e.value for e in at.exception]
    assert "中心: 化学药" in texts(at)


def test_the_shortest_path_tab_joins_two_found_nodes(app):
    at = app("app_pages/browse.py")
    at.text_input(key="path_from_text").input("丁制药").run()
    at.text_input(key="path_to_text").input("市科技局").run()
    at.button(key="path_find").click().run()
    assert [] == [e.value for e in at.exception]
    assert ["丁制药 → 化学制剂 → 原料药 → 化学药 → 市科技局"] == [s.value for s in at.success]


def test_an_unknown_search_says_nothing_matched(app):
    at = app("app_pages/browse.py")
    at.text_input(key="browse_text").input("没有这个名字").run()
    assert any("没有名称或别名包含" in w.value for w in at.warning)


def test_the_entity_page_shows_relations_with_their_sentences(app):
    at = app("app_pages/entity.py", label="Company", id="co:甲药业")
    assert "甲药业" == at.header[0].value
    relations = at.dataframe[1].value
    named = relations[relations["关系"] == "列名产业"]
    assert ["化学药"] == list(named["对象"])
    assert "依托甲药业、乙化工等企业" in named["原句"].iloc[0]
    assert "某市关于推动示例产业发展的意见" in texts(at)


def test_the_entity_page_finds_an_entity_by_alias(app):
    at = app("app_pages/entity.py")
    at.text_input(key="entity_text").input("化学制药").run()
    assert [] == [e.value for e in at.exception]
    assert "化学药" == at.header[0].value


def test_an_unknown_entity_is_a_message_not_a_traceback(app):
    at = app("app_pages/entity.py", label="Company", id="co:不存在")
    assert "图谱浏览页" in at.error[0].value


def test_the_duty_page_shows_the_matrix_and_a_cell(app):
    at = app("app_pages/duties.py")
    matrix = at.dataframe[0].value
    assert "牵头·1" == matrix.loc["市发展改革委", "化学药"] and "配合·2" == matrix.loc["市科技局", "化学药"]
    at.selectbox(key="duty_department").set_value("市科技局").run()
    at.selectbox(key="duty_target").set_value("化学药").run()
    body = texts(at)
    assert "**配合**" in body and "配合单位：市科技局" in body
    assert "市科技局 负责的任务" in body


def test_the_target_page_filters_by_industry(app):
    at = app("app_pages/targets.py")
    assert 3 == len(at.dataframe[0].value)
    at.selectbox(key="target_owner").set_value("化学药").run()
    assert [2030, 2032] == list(at.dataframe[0].value["年份"])


def test_a_saved_query_runs_and_shows_a_table(app):
    at = app("app_pages/cypher_console.py")
    at.selectbox(key="cypher_saved").set_value("overview_chains").run()
    assert "每条产业链" in at.info[0].value
    at.button(key="cypher_run").click().run()
    assert [] == [e.value for e in at.exception] and [] == [e.value for e in at.error]
    table = at.dataframe[0].value
    assert ["基础原料→中间体→原料药→化学制剂"] == list(table["名称"])  # the alias `name`, headed in Chinese
    assert all(not c.isascii() for c in table.columns)


def test_a_saved_query_takes_its_parameters(app):
    at = app("app_pages/cypher_console.py")
    at.selectbox(key="cypher_saved").set_value("entity_out").run()
    at.text_input(key="cypher_param_entity_out_id").input("co:乙化工").run()
    at.button(key="cypher_run").click().run()
    assert {"化学药", "基础原料", "某市关于推动示例产业发展的意见"} == set(at.dataframe[0].value["名称"])


def test_a_saved_query_with_a_label_slot_offers_the_ontology_labels(app):
    at = app("app_pages/cypher_console.py")
    at.selectbox(key="cypher_saved").set_value("entity_node").run()
    slot = at.selectbox(key="cypher_label_entity_node_label")
    assert "Industry" == slot.value and "产品" in slot.options[-1]  # offered by their Chinese names
    slot.set_value("Product").run()
    assert "MATCH (n:Product {id: $id})" in at.text_area(key="cypher_text_entity_node_Product").value
    at.text_input(key="cypher_param_entity_node_id").input("片剂").run()
    at.button(key="cypher_run").click().run()
    assert [] == [e.value for e in at.exception] and [] == [e.value for e in at.error]
    assert 1 == len(at.dataframe[0].value)


def test_a_saved_query_run_per_element_is_shown_with_one_element(app):
    at = app("app_pages/cypher_console.py")
    at.selectbox(key="cypher_saved").set_value("browse_out").run()
    at.text_input(key="cypher_param_browse_out_id").input("化学药").run()
    at.button(key="cypher_run").click().run()
    assert [] == [e.value for e in at.exception] and [] == [e.value for e in at.error]
    assert {"药物合成", "原料药", "医药产业"} <= set(at.dataframe[0].value["名称"])


def test_a_write_in_the_console_is_refused(app):
    at = app("app_pages/cypher_console.py")
    at.text_area(key="cypher_text_(自己编写)").input("CREATE (p:Product {id: 'x', name: 'x'}) RETURN p.id AS id").run()
    at.button(key="cypher_run").click().run()
    assert [] == [e.value for e in at.exception]
    assert "已拒绝" in at.error[0].value
    check = app("app_pages/cypher_console.py")
    check.text_area(key="cypher_text_(自己编写)").input("MATCH (p:Product {id: 'x'}) RETURN p.id AS id").run()
    check.button(key="cypher_run").click().run()
    assert 0 == len(check.dataframe[0].value)


def test_a_cypher_error_is_shown_readably(app):
    at = app("app_pages/cypher_console.py")
    at.text_area(key="cypher_text_(自己编写)").input("MATCH (n:Nope RETURN n").run()
    at.button(key="cypher_run").click().run()
    assert [] == [e.value for e in at.exception]
    assert at.error[0].value.startswith("错误: Cypher 有误")


def test_data_management_is_read_only_without_the_admin_password(app):
    at = app("app_pages/admin.py")
    assert any("CHAINKG_ADMIN_PASSWORD" in i.value for i in at.info)
    assert at.button(key="admin_rebuild").disabled
    assert "某市关于推动示例产业发展的意见" in list(at.dataframe[0].value["文件"])


def test_data_management_opens_with_the_right_password_only(app, monkeypatch):
    monkeypatch.setenv("CHAINKG_ADMIN_PASSWORD", "s3cret")
    at = app("app_pages/admin.py")
    at.text_input(key="admin_password").input("wrong").run()
    assert "密码不正确。" in [e.value for e in at.error]
    assert at.button(key="admin_rebuild").disabled
    at.text_input(key="admin_password").input("s3cret").run()
    assert "已进入管理模式。" in [s.value for s in at.success]
    assert not at.button(key="admin_rebuild").disabled


def test_the_app_shows_new_data_once_a_writer_publishes_it(tmp_path, monkeypatch):
    from graph.store import Batch

    where = tmp_path / "graph"
    with open_store(str(where)) as store:
        store.write(sample_batch())
    monkeypatch.setenv("CHAINKG_STORE", str(where))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert "3" == {m.label: m.value for m in at.metric}["本地企业"]
    more = Batch()
    more.add_node("Company", {"id": "co:新企业", "name": "新企业", "local": True})
    with open_store(str(where)) as writer:  # another writer, as `python -m ingest build` would be
        writer.write(more)
    at.run()
    assert [] == [e.value for e in at.exception]
    assert "4" == {m.label: m.value for m in at.metric}["本地企业"]


def test_query_results_with_nodes_are_also_drawn_as_a_graph(app):
    at = app("app_pages/cypher_console.py")
    at.text_area(key="cypher_text_(自己编写)").input(
        "MATCH (c:Company)-[r:NAMED_FOR]->(i:Industry) RETURN c, r, i").run()
    at.button(key="cypher_run").click().run()
    assert [] == [e.value for e in at.exception] and [] == [e.value for e in at.error]
    assert 3 == len(at.dataframe[0].value)
    legend = next(m.value for m in at.markdown if "chainkg-legend" in m.value)
    assert "企业" in legend and "产业" in legend


def test_without_a_national_pool_the_gap_and_chain_pages_say_how_to_add_one(tmp_path, monkeypatch):
    from app_pages.views import POOL_HINT
    from tests.test_browser import build_store

    monkeypatch.setenv("CHAINKG_STORE", build_store(tmp_path / "graph"))
    monkeypatch.delenv("CHAINKG_ADMIN_PASSWORD", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    for page in ("app_pages/gaps.py", "app_pages/chains.py"):
        at.switch_page(page).run()
        assert [] == [e.value for e in at.exception]
        assert POOL_HINT in [i.value for i in at.info], page
    assert "CHAINKG_POOL" in POOL_HINT and "make run" in POOL_HINT and "数据管理" in POOL_HINT
    at.switch_page("app_pages/admin.py").run()
    assert at.button(key="admin_import_pool").disabled  # no password: nothing can be imported
