"""Each extraction rule on invented documents in the styles other cities write (tests/fixtures/extract)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pipeline import extract_file, extract_text

FIXTURES = Path(__file__).parent / "fixtures" / "extract"


@pytest.fixture(scope="module")
def web():
    """Web-copy style: ASCII punctuation, 牵头/配合 brackets, inline 牵头单位, 以…为依托, 围绕…龙头企业."""
    return extract_file(FIXTURES / "qingchuan-strategic-web.txt")


@pytest.fixture(scope="module")
def future():
    """A future-industries opinion with hard line breaks inside sentences and brackets."""
    return extract_file(FIXTURES / "linhai-future-wrapped.txt")


def names(items):
    return [it["name"] for it in items]


def by_name(items, name):
    item = next(it for it in items if it["name"] == name)
    if "roles" in item:  # departments: compare roles without their provenance
        item = {**item, "roles": [{k: v for k, v in r.items() if k != "evidence"} for r in item["roles"]]}
    return item


def doc(body: str, title: str = "某市人民政府关于推动战略性新兴产业发展的意见") -> str:
    return f"{title}\n二、重点产业\n（一）新材料产业。\n1. 化工新材料。{body}\n"


# -- industries ---------------------------------------------------------------------------------


def test_sectors_and_segments_come_from_the_numbered_key_industry_part(web):
    got = [(i["name"], i["level"], i["parent"]) for i in web.industries]
    assert [
        ("新能源汽车", "sector", None),
        ("动力电池", "segment", "新能源汽车"),
        ("智能网联", "segment", "新能源汽车"),
        ("生物医药", "sector", None),
        ("中药制剂", "segment", "生物医药"),
        ("医疗器械", "segment", "生物医药"),
    ] == got
    assert {"strategic_emerging"} == {i["kind"] for i in web.industries}


def test_future_document_sectors_get_their_focus_areas_as_unnumbered_segments(future):
    got = [(i["name"], i["level"], i["numbered"]) for i in future.industries]
    assert ("量子信息", "sector", True) == got[0]
    assert ("量子通信", "segment", False) in got and ("量子计算", "segment", False) in got
    assert {"future"} == {i["kind"] for i in future.industries}


# -- companies ----------------------------------------------------------------------------------


def test_companies_around_leading_firms_and_wrapped_by_yi_wei_yituo(web):
    assert ["北辰汽车", "远航重工"] == [c["name"] for c in web.companies if c["industry"] == "新能源汽车"]
    assert "围绕" == by_name(web.companies, "北辰汽车")["verb"]
    wrapped = by_name(web.companies, "青川锂能科技有限公司")
    assert ("动力电池", "依托") == (wrapped["industry"], wrapped["verb"])
    assert "蓝海新材料股份有限公司" in names(web.companies)


def test_company_lists_with_he_and_ji_separators(web):
    assert ["仁和堂制药", "华康药业", "福源生物"] == [c["name"] for c in web.companies if c["industry"] == "中药制剂"]


def test_company_named_only_inside_a_project_name_is_marked_in_project():
    ex = extract_text(doc("推动鸿泰机械年产3万台智能农机制造项目尽快投产。"), doc_id="t")
    company = by_name(ex.companies, "鸿泰机械")
    assert (True, "推动") == (company["in_project"], company["verb"])
    assert ["鸿泰机械年产3万台智能农机制造项目"] == names(ex.projects)
    assert "鸿泰机械" == ex.projects[0]["company"]
    assert "智能农机" in names(ex.products)


def test_short_and_full_company_names_are_aliases_of_one_entity():
    ex = extract_text(
        doc("依托山东岳华新材料有限公司、丰源化工等企业发展。推动岳华新材料、丰源化工等企业扩能。"), doc_id="t"
    )
    full = by_name(ex.companies, "山东岳华新材料有限公司")
    assert ["岳华新材料"] == full["aliases"]
    assert full["entity"] == by_name(ex.companies, "岳华新材料")["entity"]
    assert 1 == names(ex.companies).count("丰源化工")


def test_generic_actors_are_not_companies_and_platforms_are_external():
    body = "依托各电信运营商、云启数据等企业建设网络。深化与淘云、快点和视达等知名电子商务平台的合作。"
    ex = extract_text(doc(body), doc_id="t")
    assert ["云启数据", "淘云", "快点", "视达"] == names(ex.companies)
    assert ["各电信运营商"] == names(ex.generic_actors)
    assert [False, True, True, True] == [c["external"] for c in ex.companies]


# -- departments --------------------------------------------------------------------------------


def test_lead_and_support_units_keep_their_role_and_order(web):
    lead = by_name(web.departments, "市工业和信息化局")
    assert {"target": "新能源汽车", "role": "lead", "order": 1} in lead["roles"]
    support = by_name(web.departments, "市商务局")
    assert [{"target": "新能源汽车", "role": "support", "order": 2}] == support["roles"]


def test_responsibility_brackets_name_the_section_they_close(web):
    assert ["中药制剂"] == by_name(web.departments, "市卫生健康委")["responsible_for"]
    assert ["新能源汽车", "医疗器械"] == by_name(web.departments, "市工业和信息化局")["responsible_for"]


def test_inline_lead_units_are_departments(web):
    assert [{"target": "动力电池", "role": "lead", "order": 1}] == by_name(web.departments, "市科技局")["roles"]
    assert {"target": "强化组织领导", "role": "lead", "order": 1} in by_name(web.departments, "市发展改革委")["roles"]


def test_every_role_carries_the_evidence_of_its_own_bracket(web):
    roles = next(d for d in web.departments if d["name"] == "市发展改革委")["roles"]
    quotes = [(r["target"], r["evidence"]["quote"], r["evidence"]["section"]) for r in roles]
    assert ("新能源汽车", "市发展改革委", "重点产业 / 新能源汽车产业") == quotes[0]
    assert "强化组织领导" in roles[-1]["evidence"]["section"]


def test_wrapped_responsibility_bracket_keeps_every_unit(future):
    assert [
        "市科技局",
        "市大数据局",
        "各区人民政府",
        "市发展改革委",
        "市工业和信息化局",
        "市财政局",
        "市教育局",
    ] == names(future.departments)
    assert ["量子信息", "生物制造"] == by_name(future.departments, "各区人民政府")["responsible_for"]


# -- chains -------------------------------------------------------------------------------------


def test_arrow_and_word_chains_are_ordered_links(web):
    got = {tuple(c["links"]): c["notation"] for c in web.chains if c["is_industrial_chain"]}
    assert {
        ("电池", "电机", "电控", "整车"): "arrow",
        ("正极材料", "隔膜", "电解液", "电池包"): "implicit",
        ("种植", "提取", "制剂", "流通"): "implicit",
        ("研发", "生产", "检测", "销售"): "implicit",
    } == got


def test_mechanism_sequences_are_kept_but_not_industrial_chains(web):
    got = [c["links"] for c in web.chains if not c["is_industrial_chain"]]
    assert [["技术", "产品", "企业", "产业"], ["产业链", "创新链", "资金链", "人才链"]] == got


def test_dash_chain_and_integration_chain():
    ex = extract_text(doc("推动形成硅料—硅片—电池片—组件产业链。聚焦天然气的采、输、储、配一体化。"), doc_id="t")
    assert [(["硅料", "硅片", "电池片", "组件"], "dash"), (["采", "输", "储", "配"], "implicit")] == [
        (c["links"], c["notation"]) for c in ex.chains
    ]


def test_process_phrases_are_not_chains():
    ex = extract_text(doc("构建应用牵引、跨界融合、开放共享的产业体系。"), doc_id="t")
    assert [] == ex.chains


# -- targets ------------------------------------------------------------------------------------


def test_several_years_in_one_sentence_give_one_target_each(web):
    got = [(t["year"], t["value"], t["unit"], t["qualifier"]) for t in web.targets if t["subject"] == "医疗器械"]
    assert [(2025, 60, "亿元", "达到"), (2027, 90, "亿元", "达到…以上")] == got


def test_ranges_thresholds_and_shares_in_brackets(web):
    values = [(t["year"], t["value"], t.get("value_max"), t["unit"]) for t in web.targets]
    assert (2027, 8, 10, "个") in values
    assert not any(v == 100 for _, v, _, _ in values)  # 过100亿元的 is a threshold
    share = next(t for t in web.targets if t["value"] == 35)
    assert ("%", "达到…左右") == (share["unit"], share["qualifier"])


def test_values_without_a_year_scope_are_not_targets():
    ex = extract_text(doc("建设6个园区，到2025年，化工新材料营业收入达到50亿元。"), doc_id="t")
    assert [(2025, 50, "亿元", "化工新材料", "营业收入")] == [
        (t["year"], t["value"], t["unit"], t["subject"], t["metric"]) for t in ex.targets
    ]


def test_respective_targets_take_their_own_metric():
    ex = extract_text(doc("到2025年，高新技术企业和科技型中小企业数量分别达到60家和100家。"), doc_id="t")
    assert [("高新技术企业数量", 60), ("科技型中小企业数量", 100)] == [(t["metric"], t["value"]) for t in ex.targets]


# -- parks, projects, technologies, products ----------------------------------------------------


def test_named_parks_carry_their_county_and_generic_ones_are_ignored(web):
    park = by_name(web.parks, "滕州新能源产业园")
    assert ("park", "滕州市", "动力电池") == (park["kind"], park["county"], park["industry"])
    ex = extract_text(doc("提升综合物流园区、配送中心等配送节点功能，建设省级创新平台。"), doc_id="t")
    assert [] == ex.parks


def test_carrier_lists_are_parks_when_most_items_are_specific():
    ex = extract_text(doc("依托曹县古城、单县湖光和巨野金岭等载体，发展旅游。"), doc_id="t")
    assert [("曹县古城", "scenic", "曹县"), ("单县湖光", "scenic", "单县"), ("巨野金岭", "scenic", "巨野县")] == [
        (p["name"], p["kind"], p["county"]) for p in ex.parks
    ]


def test_project_lists_name_projects_and_their_companies():
    ex = extract_text(doc("抓好山东禾丰冷链物流园、嘉源医疗与养老等项目建设。"), doc_id="t")
    assert [("山东禾丰冷链物流园", "山东禾丰"), ("嘉源医疗与养老", "嘉源")] == [
        (p["name"], p["company"]) for p in ex.projects
    ]
    assert ["山东禾丰冷链物流园"] == names(ex.parks)
    assert [True, True] == [c["in_project"] for c in ex.companies]


def test_programmes_are_projects_of_kind_program():
    ex = extract_text(doc("实施“链上行”专项行动，持续开展“企业上云”和“设备焕新”行动。"), doc_id="t")
    assert [("“企业上云”行动", "program"), ("“设备焕新”行动", "program"), ("“链上行”专项行动", "program")] == [
        (p["name"], p["kind"]) for p in ex.projects
    ]


def test_technologies_and_products_are_read_from_enumerations(web):
    assert ["环境感知", "决策规划", "线控底盘"] == [t["name"] for t in web.technologies if t["industry"] == "智能网联"]
    assert ["车载雷达", "智能座舱", "车规级芯片"] == [p["name"] for p in web.products if p["industry"] == "智能网联"]


def test_future_document_technologies_and_products(future):
    assert {"量子通信", "量子计算", "量子精密测量", "酶工程", "细胞工厂", "发酵工艺优化"} <= set(
        names(future.technologies)
    )
    assert ["生物基尼龙", "可降解塑料"] == names(future.products)


def test_the_same_company_in_two_documents_is_one_entity():
    from ingest.__main__ import combine

    first = extract_text(doc("依托岳华新材料、丰源化工等企业发展。"), doc_id="a")
    second = extract_text(doc("推动山东岳华新材料有限公司等企业扩能。"), doc_id="b")
    data = combine([first, second])
    entities = {c["name"]: c["entity"] for c in data["companies"]}
    assert entities["岳华新材料"] == entities["山东岳华新材料有限公司"]
    assert ["山东岳华新材料有限公司"] == next(c for c in data["companies"] if c["name"] == "岳华新材料")["aliases"]


@pytest.fixture(scope="module")
def plan():
    """Another style: 主攻方向 part, …产业链 sectors, （1） segments, 以…为龙头, 等骨干企业, 链条."""
    return extract_file(FIXTURES / "yunzhou-chain-plan.txt")


def test_industry_chain_sections_with_parenthesised_numbers_are_industries(plan):
    assert [
        ("智能装备", None),
        ("工业母机", "智能装备"),
        ("仪器仪表", "智能装备"),
        ("绿色食品", None),
        ("预制菜", "绿色食品"),
    ] == [(i["name"], i["parent"]) for i in plan.industries]


def test_companies_named_as_leaders_and_backbone_firms(plan):
    got = [(c["name"], c["industry"], c["verb"], c["in_project"]) for c in plan.companies]
    assert ("精工数控有限公司", "工业母机", "以…为龙头", False) == got[0]
    assert ("启明仪表", "仪器仪表", "依托", False) in got
    assert ("精工数控", "工业母机", "支持", True) in got
    assert ["精工数控"] == by_name(plan.companies, "精工数控有限公司")["aliases"]


def test_chain_written_as_links_of_a_lianti_and_from_to_with_cold_chain(plan):
    assert [["铸件", "主轴", "数控系统", "整机"], ["种养", "加工", "冷链", "餐桌"]] == [c["links"] for c in plan.chains]


def test_range_of_firms_as_a_target(plan):
    target = next(t for t in plan.targets if t["year"] == 2028)
    assert (50, 60, "家", "省级专精特新企业") == (
        target["value"],
        target["value_max"],
        target["unit"],
        target["metric"],
    )


def test_supporting_parts_are_products():
    ex = extract_text(doc("带动底座、轮毂、齿轮箱制作等配套企业发展。"), doc_id="t")
    assert ["底座", "轮毂", "齿轮箱"] == names(ex.products)


def test_departments_in_running_text_generic_units_and_bracket_qualifiers():
    text = (
        "二、任务\n（一）推进。由市发展改革委、市工业和信息化局、市商务局担任牵头单位。县商务局负责招商。\n"
        "（二）保障。加强人才（市委组织部（人才办）、市人社局按职责分工负责）；"
        "统筹推进（各县（市、区）政府、各县、区人民政府负责）；建设平台[市科委牵头，会同市经信委和各区、县（市）政府负责]。\n"
    )
    ex = extract_text(text, doc_id="t")
    names = [d["name"] for d in ex.departments]
    assert {"市发展改革委", "市工业和信息化局", "市商务局", "县商务局", "市委组织部（人才办）", "市人社局",
            "各县（市、区）政府", "各县、区人民政府", "市科委", "市经信委", "各区、县（市）政府"} == set(names)
    assert "区人民政府" not in names
    roles = {d["name"]: {r["role"] for r in d["roles"]} for d in ex.departments}
    assert ({"lead"}, {"support"}) == (roles["市科委"], roles["市经信委"])


def test_parks_from_addressees_zone_lists_suffix_lists_and_sites_of_a_given_area():
    text = (
        "各县、市、区人民政府，星河新区，青石管理区，某某高新区，市直相关单位：\n"
        "一、布局\n一区即某某经济开发区；三园即化工产业园、装备制造产业园、港航物流产业园。"
        "以澜岫小镇、梦想小镇等为引领。启动3000亩生物基产业园建设。依托中国（某某）跨境电子商务综合试验区。\n"
        "二、名单\n1、曲阜市纺织特色产业集群\n2、青州市木材加工特色产业集群\n"
        "推进京津冀开发区协同发展，培育形成2个千亿级产业集群，做大某市特色产业集群。\n"
    )
    names = {p["name"] for p in extract_text(text, doc_id="t").parks}
    assert {"星河新区", "青石管理区", "某某高新区", "化工产业园", "装备制造产业园", "港航物流产业园", "澜岫小镇",
            "梦想小镇", "生物基产业园", "中国（某某）跨境电子商务综合试验区", "曲阜市纺织特色产业集群",
            "青州市木材加工特色产业集群"} <= names
    assert not names & {"京津冀开发区", "2个千亿级产业集群", "千亿级产业集群", "某市特色产业集群", "以澜岫小镇"}


def test_companies_as_chain_leaders_units_and_inside_project_lists():
    text = (
        "集中力量培育以澜川为链主的肉食品加工、以禾盛制药为链主的中医药制品等优势产业。"
        "依托市科学院、云杉智库等单位。开工岫坤癸二酸、澜峰热熔胶等项目。"
        "确保甲乙高速某某段等项目建成通车。\n"
    )
    ex = extract_text(text, doc_id="t")
    names = {c["name"] for c in ex.companies}
    assert {"澜川", "禾盛制药", "云杉智库", "岫坤", "澜峰"} <= names
    assert not names & {"市科学院", "甲乙"}
    assert {"肉食品加工", "中医药制品"} <= {i["name"] for i in ex.industries}


def test_chain_links_lose_a_particle_and_people_tiers_are_no_industrial_chain():
    text = "一、任务\n逐步形成了硅料—硅片—电池片—组件产业链。引进一批领军人才、骨干人才、青年人才全产业链。" \
           "推进石墨原料制备、产品开发、终端应用联动发展。\n"
    ex = extract_text(text, doc_id="t")
    chains = {tuple(c["links"]): c["is_industrial_chain"] for c in ex.chains}
    assert chains[("硅料", "硅片", "电池片", "组件")] is True
    assert chains[("石墨原料制备", "产品开发", "终端应用")] is True
    assert all(not ok for links, ok in chains.items() if links[0].endswith("人才"))


def test_firms_in_responsibility_brackets_after_a_particle_in_500_lists_and_single_after_a_verb():
    text = (
        "二、任务\n（一）网络。建设基站（责任单位：市工业和信息化局、国网某某供电公司、中国移动某某分公司）。"
        "引进了澜川科技、禾盛制药等世界500强和知名企业。积极对接云杉集团，推进项目落地。\n"
    )
    ex = extract_text(text, doc_id="t")
    verbs = {c["name"]: c["verb"] for c in ex.companies}
    assert {"国网某某供电公司": "责任单位", "中国移动某某分公司": "责任单位", "澜川科技": "引进", "禾盛制药": "引进",
            "云杉集团": "对接"} == verbs
    assert ["市工业和信息化局"] == [d["name"] for d in ex.departments]


def test_industries_listed_after_a_colon_or_as_a_class_with_remarks_dropped():
    text = (
        "调整后的5条产业链是：白酒、能源、装备制造（含机器人）、食品和农产品加工、数字经济。"
        "以能源产业链为例，优势产业有页岩气开发利用，战略性新兴产业有新能源，未来产业有新型储能、生物制造等。"
        "未来产业是由前沿科技创新驱动的产业。紧扣农副产品加工、绿色化工两大主导产业。\n"
    )
    names = [i["name"] for i in extract_text(text, doc_id="t").industries]
    assert ["白酒", "能源", "装备制造", "食品和农产品加工", "数字经济", "页岩气开发利用", "新能源", "新型储能", "生物制造",
            "农副产品加工", "绿色化工"] == names


def test_investors_named_before_a_power_capacity_are_companies():
    ex = extract_text("加快推进某某风电基地建设，建成澜川、禾盛等45万千瓦风电和升压站。\n", doc_id="t")
    assert {"澜川", "禾盛"} <= {c["name"] for c in ex.companies}
