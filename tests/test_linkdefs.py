"""Link definitions: a link's name read in its chain and industry, the general lexicon, the pool's
taxonomy and a user's edits (graph/linkdefs.py)."""

from __future__ import annotations

import json

import pytest

from graph.errors import ConfigError, InputError
from graph.linkdefs import (
    INDUSTRY_STAGE,
    LEXICON,
    LEXICON_PATH,
    NAME,
    SUBCATEGORY,
    UPSTREAM,
    USER,
    Taxonomy,
    apply_edits,
    context_chains,
    define_link,
    define_links,
    edits_from_decisions,
    is_generic,
    lexicon_definitions,
    load_lexicon,
    parse_lexicon,
)
from tests.conftest import SHARED, need_shared


def link(name, industry, chain="c", position=1, id=None):
    return {"id": id or f"{chain}#{position}", "name": name, "industry": industry, "chain": chain,
            "position": position}


def chain(industry, *names, chain_id="c"):
    return [link(n, industry, chain_id, i + 1) for i, n in enumerate(names)]


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def test_a_stage_word_alone_has_no_terms_without_a_chain_to_read_it_in(lex):
    for word in ("应用", "材料", "设备", "集成", "服务", "制", "储"):
        d = define_link(link(word, None), lex)
        assert d.generic and d.terms == (), word


def test_an_intermediate_in_a_medicine_chain_means_medicine_intermediates_not_pesticide_ones(lex):
    links = chain("化学药", "基础原料", "中间体", "原料药", "化学制剂")
    d = define_links(links, lex)["c#2"]
    assert "医药中间体" in d.term_texts()
    assert {"农药中间体", "染料中间体"} <= set(d.exclusions)
    bare = next(t for t in d.terms if t.text == "中间体")
    assert bare.needs, "bare 中间体 counts only beside medicine"
    assert "农药" in d.avoid_industries


def test_storage_materials_mean_battery_materials(lex):
    d = define_links(chain("储能", "材料", "设备", "集成"), lex)["c#1"]
    texts = d.term_texts()
    assert {"正极材料", "负极材料", "电解液"} <= set(texts)
    assert "材料" not in texts and d.generic and "储能材料" in texts


def test_a_stage_word_of_an_unknown_industry_reads_as_industry_plus_word(lex):
    d = define_links(chain("花卉园艺", "设备", "鲜花盆景"), lex)["c#1"]
    assert [(t.text, t.source) for t in d.terms] == [("花卉园艺设备", INDUSTRY_STAGE)]


def test_one_character_links_of_a_hydrogen_chain_read_as_its_stages(lex):
    defs = define_links(chain("氢能", "制", "储", "运", "用"), lex)
    assert "电解槽" in defs["c#1"].term_texts()
    assert "储氢瓶" in defs["c#2"].term_texts()
    assert "加氢站" in defs["c#3"].term_texts()
    assert "燃料电池" in defs["c#4"].term_texts()
    assert "储能电池" not in defs["c#2"].term_texts(), "储 of a hydrogen-only chain is hydrogen storage"


def test_an_industry_named_for_two_chains_is_read_in_both(lex):
    chains = {c.id for c in context_chains("氢能与储能", ["制", "储"], lex)}
    assert chains == {"hydrogen", "energy_storage"}


def test_a_name_made_only_of_stage_words_and_qualifiers_is_generic(lex):
    assert is_generic("关键部件配套", lex) and is_generic("生产制造系统集成", lex)
    assert not is_generic("负极材料", lex)
    d = define_links(chain("智能机器人", "研发", "关键部件配套", "整机生产"), lex)
    assert {"减速器", "伺服电机"} <= set(d["c#2"].term_texts())
    assert "工业机器人" in d["c#3"].term_texts()


def test_a_specific_name_is_a_term_itself_and_brings_its_lexicon_link(lex):
    d = define_links(chain("风能", "主机", "塔筒", "整机"), lex)["c#2"]
    top = d.terms[0]
    assert (top.text, top.source, top.weight) == ("塔筒", NAME, 1.0)
    assert "风电塔筒" in d.term_texts() and d.lexicon_links == ("wind/风电塔筒",)


def test_a_name_holding_a_lexicon_name_reads_as_it_the_last_one_first(lex):
    # 玻纤 and 织物 both in the name: the head (织物, last) says which link it is
    d = define_link(link("玻纤织物", "纤维新材料"), lex)
    assert d.lexicon_links == ("glass_fibre/玻纤制品",)
    assert "玻璃纤维布" in d.term_texts() and "玻纤纱" not in d.term_texts()


def test_a_link_outside_its_chains_vocabulary_is_found_by_its_own_name_elsewhere(lex):
    d = define_links(chain("电磁新材料", "磁芯", "电子元器件", "电源"), lex)
    assert "electronics/电子元器件" in d["c#2"].lexicon_links
    assert "开关电源" in d["c#3"].term_texts()


def test_unknown_chains_keep_their_own_names(lex):
    d = define_link(link("鲜花盆景", "花卉园艺"), lex)
    assert d.term_texts() == ["鲜花盆景"] and d.read_in == ()


def test_pool_subcategories_join_only_when_they_name_the_same_kind_of_product(lex):
    taxonomy = Taxonomy(subcategories={"锂电池": ("锂电池电芯", "锂电池正极材料", "锂电池标识"),
                                       "玻璃纤维": ("玻璃纤维带", "耐高温玻璃纤维", "玻璃纤维土工格栅")})
    battery = define_link(link("电芯", "储能"), lex, taxonomy)
    assert "锂电池电芯" in battery.term_texts()
    assert "锂电池正极材料" not in battery.term_texts() and "锂电池标识" not in battery.term_texts()
    fibre = define_link(link("玻璃纤维", "玻纤"), lex, taxonomy)
    added = {t.text for t in fibre.terms if t.source == SUBCATEGORY}
    assert added == {"玻璃纤维带", "耐高温玻璃纤维"}


def test_upstream_materials_fill_a_material_link_the_lexicon_does_not_know(lex):
    links = chain("花卉园艺", "材料", "鲜花盆景")
    taxonomy = Taxonomy(upstream={"鲜花盆景": ("园艺营养土", "转换")})
    d = define_links(links, lex, taxonomy)["c#1"]
    assert [(t.text, t.source) for t in d.terms if t.source == UPSTREAM] == [("园艺营养土", UPSTREAM)]


def test_user_edits_add_and_remove_terms_and_exclusions(lex):
    d = define_link(link("原料药", "化学药"), lex)
    edited = apply_edits(d, [{"op": "add_term", "term": "维生素E原料"}, {"op": "remove_term", "term": "原料药"},
                             {"op": "add_exclusion", "term": "饲料级维生素"}, {"op": "remove_exclusion", "term": "兽药原料药"}])
    assert any(t.text == "维生素E原料" and t.source == USER for t in edited.terms)
    assert "原料药" not in edited.term_texts()
    assert "饲料级维生素" in edited.exclusions and "兽药原料药" not in edited.exclusions
    assert "原料药" in d.term_texts(), "the definition itself is not changed"


def test_an_edit_that_adds_a_stage_word_is_refused_with_the_fix(lex):
    d = define_link(link("原料药", "化学药"), lex)
    with pytest.raises(InputError, match="泛称"):
        apply_edits(d, [{"op": "add_term", "term": "应用"}])
    with pytest.raises(InputError, match="可用"):
        apply_edits(d, [{"op": "rename", "term": "x"}])


def test_edits_kept_as_decisions_apply_after_a_rebuild(lex):
    entries = [{"kind": "definition", "link": "c#2", "field": "terms", "op": "add", "value": "玻纤原纱"},
               {"kind": "definition", "link": "c#2", "field": "exclusions", "op": "add", "value": "玻纤设备"}]
    links = chain("纤维新材料", "玻纤原料", "玻璃纤维")
    for _ in range(2):  # every rebuild defines the links anew and applies the same edits
        d = define_links(links, lex, edits=edits_from_decisions(entries))["c#2"]
        assert "玻纤原纱" in d.term_texts() and "玻纤设备" in d.exclusions


def test_a_lexicon_with_a_stage_word_as_a_term_is_refused_naming_the_fix():
    data = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    data["chains"][0]["links"][0]["terms"].append("应用")
    with pytest.raises(ConfigError, match="请改正该文件"):
        parse_lexicon(data)
    data = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    data["chains"][0]["generic"]["材料"] = ["没有这个环节"]
    with pytest.raises(ConfigError, match="不存在的环节"):
        parse_lexicon(data)


COMMON_CHAINS = ["新能源汽车", "动力电池", "储能", "光伏", "风电", "氢能", "集成电路", "半导体", "新型显示",
                 "电子信息", "人工智能", "工业机器人", "智能机器人", "高端装备", "数控机床", "航空航天", "低空经济",
                 "生物医药", "化学药", "现代中药", "生物制品", "医疗器械", "玻纤", "化工新材料", "稀土", "碳纤维",
                 "节能环保", "现代农业", "食品加工", "纺织服装", "石化化工", "钢铁", "有色金属", "数字经济",
                 "大数据", "云计算", "5G", "生物制造", "量子", "元宇宙", "轨道交通", "智能电网"]


@pytest.mark.parametrize("industry", COMMON_CHAINS)
def test_the_lexicon_knows_the_chains_cities_commonly_name(lex, industry):
    chains = context_chains(industry, [], lex)
    assert chains, f"no lexicon chain for {industry}"
    assert all(len(c.links) >= 4 for c in chains)


def test_every_lexicon_chain_says_where_its_terms_come_from(lex):
    for c in lex.chains:
        assert c.source and any(key in c.source for key in lex.sources), c.id
    assert {"GB4754", "SEI2018"} <= set(lex.sources)


def test_every_lexicon_link_reads_as_itself(lex):
    defs = lexicon_definitions(lex)
    assert len(defs) == sum(len(c.links) for c in lex.chains)
    for lid, d in defs.items():
        assert d.terms and d.terms[0].weight >= 0.9, lid
        assert all(t.source in (NAME, LEXICON) for t in d.terms), lid


# single common industry words that happen to be link names in the seed documents too
COMMON_WORDS = {"中间体", "原料药", "化学制剂", "电芯", "负极材料", "塔筒", "磁芯", "电源", "电子元器件"}


def test_the_lexicon_is_not_built_from_the_seed_documents_links(lex):
    gold = json.loads(need_shared(SHARED / "gold" / "seeds_gold.json").read_text(encoding="utf-8"))
    seed = {x for c in gold["chains"] for x in c["links"]} - lex.generic_words
    names = {n for c in lex.chains for x in c.links for n in x.names} | {a for c in lex.chains for a in c.aliases}
    terms = lex.all_terms()
    assert not (seed & names) - COMMON_WORDS, "a seed link name is a lexicon link name"
    assert not (seed & terms) - COMMON_WORDS, "a seed link name is a lexicon term"
    assert LEXICON == "词库"


# --- in a store, and on the command line ------------------------------------------------------------


def chain_batch():
    from graph.store import Batch

    batch = Batch()
    batch.add_node("Industry", {"id": "化学药", "name": "化学药", "level": "segment"})
    chain_id = "化学药|基础原料→中间体→原料药"
    batch.add_node("Chain", {"id": chain_id, "name": "基础原料→中间体→原料药", "industry": "化学药",
                             "is_industrial_chain": True})
    batch.add_rel("CHAIN_OF", {"src": chain_id, "dst": "化学药"})
    for i, name in enumerate(["基础原料", "中间体", "原料药"], start=1):
        lid = f"{chain_id}#{i}"
        batch.add_node("ChainLink", {"id": lid, "name": name, "chain": chain_id, "industry": "化学药", "position": i,
                                     "stage": "中游"})
        batch.add_rel("HAS_LINK", {"src": chain_id, "dst": lid, "position": i})
    batch.add_node("Product", {"id": "原料药", "name": "原料药"})
    batch.add_node("Product", {"id": "头孢类原料药", "name": "头孢类原料药"})
    batch.add_rel("SUBCATEGORY_OF", {"src": "头孢类原料药", "dst": "原料药"})
    return batch


def test_link_definitions_are_read_from_a_store_with_the_pools_taxonomy(store):
    from graph import gaps

    store.write(chain_batch())
    rows = {d["name"]: d for d in gaps.link_definitions(store, industry="化学药")}
    assert rows["基础原料"]["generic"] and rows["中间体"]["read_in"] == ["chemical_drug"]
    api = {t["term"]: t["source"] for t in rows["原料药"]["terms"]}
    assert api["原料药"] == NAME and api["头孢类原料药"] == SUBCATEGORY
    assert "农药中间体" in rows["中间体"]["exclusions"]


def test_link_terms_command_prints_definitions_and_refuses_an_unknown_industry(tmp_path, capsys):
    from graph.__main__ import main as graph_main
    from graph.store import open_store

    location = str(tmp_path / "graph")
    with open_store(location) as s:
        s.write(chain_batch())
    assert 0 == graph_main(["link-terms", "--store", location, "--json"])
    out = json.loads(capsys.readouterr().out)
    assert [d["name"] for d in out] == ["基础原料", "中间体", "原料药"]
    assert 0 == graph_main(["link-terms", "--store", location, "--industry", "化学药"])
    text = capsys.readouterr().out
    assert "泛称环节" in text and "排除: 农药中间体" in text
    assert 2 == graph_main(["link-terms", "--store", location, "--industry", "火星产业"])
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "化学药" in err[0]
