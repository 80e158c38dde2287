"""The one matcher (graph/matcher.py): products and business scope against every link definition."""

from __future__ import annotations

import pytest

from graph.errors import ConfigError
from graph.linkdefs import define_links, lexicon_definitions
from graph.matcher import (
    FROM_SCOPE,
    PRODUCT_MATCH,
    Matcher,
    default_min_share,
    rank_candidates,
    read_companies,
)
from graph.store import Batch


def chain(industry, *names, chain_id="c"):
    return [{"id": f"{chain_id}#{i + 1}", "name": n, "industry": industry, "chain": chain_id, "position": i + 1}
            for i, n in enumerate(names)]


@pytest.fixture(scope="module")
def fibre():
    return Matcher(define_links(chain("纤维新材料", "玻璃纤维", "玻纤制品", "复合材料", "应用")).values(), min_share=0.05)


@pytest.fixture(scope="module")
def everything():
    return Matcher(lexicon_definitions().values(), min_share=0.05)


def links_of(matches):
    return {m.link for m in matches}


def test_a_specific_term_matches_the_products_it_qualifies(fibre):
    for product in ("玻纤纱", "无碱玻纤", "玻璃纤维", "电子级玻璃纤维纱"):
        found = fibre.match_company(products=[(product, 0.5)])
        assert links_of(found) == {"c#1"}, product
        assert found[0].grade == PRODUCT_MATCH and found[0].product == product


def test_a_stage_word_matches_nothing_on_its_own(fibre):
    assert fibre.match_company(products=[("应用", 0.9), ("材料", 0.9), ("其他应用", 0.9)]) == []


def test_the_longest_term_wins_over_one_inside_it(fibre):
    found = fibre.match_company(products=[("玻璃纤维织物", 0.8)])
    assert links_of(found) == {"c#2"}, "a glass-fibre fabric is a fabric, not a fibre"


def test_a_term_right_before_another_or_before_a_category_head_is_only_a_modifier(everything):
    def where(product):
        return {m.link for m in everything.match_company(products=[(product, 0.5)])}

    assert "lithium_battery/正极材料" in where("锂电池正极材料")
    assert "lithium_battery/电池电芯" not in where("锂电池正极材料")
    assert "lithium_battery/电池电芯" not in where("锂电池生产设备")
    assert "lithium_battery/锂电设备" in where("锂电池生产设备")
    assert "glass_fibre/玻璃纤维" not in where("玻纤设备")
    assert "low_altitude/低空飞行器" in where("低空飞行器"), "of two overlapping terms the later-ending one is the head"


def test_a_conjunction_keeps_both_sides(everything):
    found = {m.link for m in everything.match_company(scope="锂离子电池及正极材料的研发、生产、销售")}
    assert {"lithium_battery/电池电芯", "lithium_battery/正极材料"} <= found


def test_an_exclusion_keeps_the_link_off_and_needs_a_medicine_context():
    m = Matcher(define_links(chain("化学药", "基础原料", "中间体", "原料药")).values(), min_share=0.05)
    assert m.match_company(products=[("农药中间体", 0.9)]) == []
    assert links_of(m.match_company(products=[("医药中间体", 0.9)])) == {"c#2"}
    assert m.match_company(products=[("中间体", 0.9), ("除草剂", 0.3)]) == [], "bare 中间体 beside pesticides"
    assert links_of(m.match_company(products=[("中间体", 0.9), ("原料药", 0.3)])) == {"c#2", "c#3"}


def test_a_maker_in_an_avoided_industry_is_kept_off():
    m = Matcher(define_links(chain("化学药", "中间体", "原料药")).values(), min_share=0.05)
    assert links_of(m.match_company(products=[("原料药", 0.5)], industries=["化学制药"])) == {"c#2"}
    assert m.match_company(products=[("原料药", 0.5)], industries=["动物保健Ⅲ"]) == []


def test_a_product_below_the_minimum_share_puts_its_maker_nowhere(fibre, monkeypatch):
    assert fibre.match_company(products=[("玻纤纱", 0.0007)]) == []
    assert links_of(fibre.match_company(products=[("玻纤纱", None)])) == {"c#1"}, "an unknown share counts"
    monkeypatch.setenv("CHAINKG_MIN_SHARE", "0.0001")
    assert default_min_share() == 0.0001
    assert Matcher(fibre.definitions).match_company(products=[("玻纤纱", 0.0007)])
    monkeypatch.setenv("CHAINKG_MIN_SHARE", "五个点")
    with pytest.raises(ConfigError, match="CHAINKG_MIN_SHARE"):
        default_min_share()


def test_business_scope_text_is_read_by_its_segments(everything):
    scope = ("一般项目：电池制造；电池销售；新能源汽车废旧动力蓄电池回收及梯次利用（不含危险废物经营）；"
             "储能技术服务；光伏设备及元器件制造；技术服务、技术开发")
    found = everything.match_company(scope=scope)
    by_link = {m.link: m for m in found}
    assert "lithium_battery/电池回收" in by_link and "photovoltaic/光伏设备" in by_link
    assert all(m.source == FROM_SCOPE and m.share is None for m in found)
    assert by_link["photovoltaic/光伏设备"].product == "光伏设备及元器件制造"
    assert not any(m.term in ("技术服务", "技术开发") for m in found)


def test_a_sales_channel_after_a_segment_label_is_no_product(everything):
    assert "digital_economy/数字化应用" not in links_of(everything.match_company(products=[("发动机冷却液-电子商务", 0.2)]))
    assert "digital_economy/数字化应用" in links_of(everything.match_company(products=[("电子商务", 0.2)]))
    assert "lithium_battery/电池电芯" in links_of(everything.match_company(products=[("锂电池-经销商", 0.2)]))


def test_an_ascii_term_must_stand_as_a_word(everything):
    assert "lithium_battery/电池管理系统" in links_of(everything.match_company(products=[("BMS", 0.5)]))
    assert "lithium_battery/电池管理系统" not in links_of(everything.match_company(products=[("BMSX板卡", 0.5)]))


def test_each_link_keeps_its_most_specific_match(fibre):
    found = fibre.match_company(products=[("玻纤纱相关产品", 0.9), ("玻纤纱", 0.4)])
    assert len(found) == 1 and found[0].product == "玻纤纱", "a term naming the whole product is more specific"


def test_candidates_rank_by_specificity_then_share_then_gaps_closed(fibre):
    companies = {"a": {"name": "甲", "code": "000001.SZ"}, "b": {"name": "乙", "code": "000002.SZ"},
                 "c": {"name": "丙", "code": "000003.SZ"}, "d": {"name": "丁", "code": "000004.SZ"}}
    matches = fibre.match_many([
        {"id": "a", "products": [("玻纤纱", 0.3)]},
        {"id": "b", "products": [("玻纤纱", 0.6)]},
        {"id": "c", "products": [("玻纤纱", 0.6), ("玻纤布", 0.2)]},
        {"id": "d", "products": [("玻纤纱", 0.9)]},
    ])
    ranked = rank_candidates(matches, companies, ["c#1", "c#2"], local={"d"})
    assert [c["id"] for c in ranked["c#1"]] == ["c", "b", "a"], "local d left out; c closes two gaps"
    assert ranked["c#1"][0]["closes"] == 2 and ranked["c#1"][0]["matched_term"] == "玻纤纱"
    assert [c["id"] for c in ranked["c#2"]] == ["c"]


def test_a_candidate_with_a_risk_mark_ranks_after_unmarked_makers_of_the_same_product(fibre):
    companies = {"a": {"name": "*ST甲纤", "code": "000001.SZ"}, "b": {"name": "乙纤", "code": "000002.SZ"}}
    matches = fibre.match_many([{"id": "a", "products": [("玻纤纱", 0.9)]},
                                {"id": "b", "products": [("玻纤纱", 0.3)]}])
    ranked = rank_candidates(matches, companies, ["c#1"])
    assert [("b", []), ("a", ["*ST"])] == [(c["id"], c["flags"]) for c in ranked["c#1"]]


def pool_batch():
    batch = Batch()
    for cid, name, full in (("600001.SH", "甲玻纤", "甲玻纤股份有限公司"), ("600002.SH", "乙化工", "乙化工股份有限公司")):
        batch.add_node("Company", {"id": cid, "name": name, "fullname": full, "code": cid, "local": False})
    for product in ("玻纤纱", "农药中间体", "中间体"):
        batch.add_node("Product", {"id": product, "name": product})
    batch.add_node("Industry", {"id": "sw:1", "name": "农药", "source": "pool"})
    batch.add_node("Industry", {"id": "sw:2", "name": "农化制品", "source": "pool"})
    batch.add_rel("PART_OF", {"src": "sw:1", "dst": "sw:2"})
    batch.add_rel("MAKES", {"src": "600001.SH", "dst": "玻纤纱", "weight": 0.9, "source": "pool"})
    batch.add_rel("MAKES", {"src": "600002.SH", "dst": "中间体", "weight": 0.7, "source": "pool"})
    batch.add_rel("IN_INDUSTRY", {"src": "600002.SH", "src_label": "Company", "dst": "sw:1", "dst_label": "Industry",
                                  "source": "pool"})
    return batch


def test_pool_companies_are_read_with_products_and_industries_on_both_stores(store):
    store.write(pool_batch())
    companies, info = read_companies(store)
    by_id = {c["id"]: c for c in companies}
    assert by_id["600001.SH"]["products"] == [("玻纤纱", 0.9)]
    assert set(by_id["600002.SH"]["industries"]) == {"农药", "农化制品"}
    assert info["600001.SH"]["fullname"] == "甲玻纤股份有限公司"
    m = Matcher(define_links(chain("化学药", "中间体") + chain("纤维新材料", "玻璃纤维", chain_id="g")).values())
    found = m.match_many(companies)
    assert links_of(found["600001.SH"]) == {"g#1"}
    assert "600002.SH" not in found, "a pesticide maker's 中间体 is no medicine intermediate"
