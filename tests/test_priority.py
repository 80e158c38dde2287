"""The order of the gaps (graph/priority.py): the rule's parts one by one, then on the seed documents."""

from __future__ import annotations

import pytest

from graph import priority
from graph.priority import Policy


def row(link, status="缺链", industry="甲", chain="c1", criticality=0.1, candidates=3, closes=1, evidence=()):
    return {"industry": industry, "chain": chain, "link": link, "status": status, "criticality": criticality,
            "candidate_count": candidates, "best_closes": closes, "evidence": list(evidence)}


def order(rows, policies=None):
    return [(r["industry"], r["link"]) for r in priority.rank(rows, policies or {})]


def test_a_missing_link_ranks_before_a_weak_one_and_review_tasks_come_after_every_gap():
    rows = [row("乙", status="弱链"), row("丙", status="待核实", criticality=0.9), row("甲"), row("丁", status="强链")]
    ranked = priority.rank(rows, {})
    assert ["甲", "乙", "丙", "丁"] == [r["link"] for r in ranked]
    task = ranked[2]
    assert 0 == task["priority"] and "待核实" in task["why"]


def test_the_citys_targets_put_its_biggest_industry_first():
    rows = [row("电芯", industry="储能"), row("原料药", industry="化学药")]
    policies = {"储能": Policy(100.0, "储能 2025年营业收入 100亿元", 5),
                "化学药": Policy(1000.0, "医药 2025年集群产值 1000亿元", 5)}
    assert [("化学药", "原料药"), ("储能", "电芯")] == order(rows, policies)
    top = priority.rank(rows, policies)[0]
    assert "产业目标: 医药 2025年集群产值 1000亿元" in top["why"]


def test_a_generic_name_shared_by_many_chains_does_not_top_the_list_by_its_centrality():
    rows = [row("应用", industry=f"产业{i}", chain=f"c{i}", criticality=0.9) for i in range(3)]
    rows.append(row("封装测试", industry="集成电路", chain="c9", criticality=0.5))
    ranked = priority.rank(rows, {})
    assert ("集成电路", "封装测试") == (ranked[0]["industry"], ranked[0]["link"])
    assert "泛称环节" in ranked[-1]["why"]
    # without the damping the shared name would win: the rule, not the data, decides here
    assert ranked[-1]["priority_parts"]["criticality"] < ranked[0]["priority_parts"]["criticality"]


def test_a_gap_with_candidates_ranks_above_one_nobody_can_be_recruited_for():
    rows = [row("甲", candidates=0, closes=0), row("乙", candidates=4, closes=3)]
    ranked = priority.rank(rows, {})
    assert ["乙", "甲"] == [r["link"] for r in ranked]
    assert "全国企业库中没有候选" in ranked[1]["why"] and "最多一家可补 3 个缺口" in ranked[0]["why"]


def test_chain_leader_wording_in_the_documents_raises_a_gap():
    rows = [row("甲"), row("乙", evidence=["支持链主企业牵头组建产业联盟"])]
    assert ["乙", "甲"] == [link for _, link in order(rows)]
    inherited = priority.policies([], [{"industry": "医药", "facts": 1, "chain_leader_sentences": 2}],
                                  {"化学药": ["医药"]})
    assert inherited["化学药"].chain_leader and not inherited.get("医药").target_yi


def test_targets_in_other_units_are_no_size():
    found = priority.policies([{"owner": "甲", "year": 2025, "metric": "装机", "value": 700, "unit": "万千瓦"},
                               {"owner": "甲", "year": 2027, "metric": "营业收入", "value": 5000, "unit": "万元"}],
                              [], {})
    assert 0.5 == found["甲"].target_yi and "5000万元" in found["甲"].target_text


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    from tests.test_browser import build_store

    return build_store(tmp_path_factory.mktemp("priority") / "graph")


def test_on_the_seed_documents_the_medicine_cluster_outranks_generic_links(seeds):
    from app_pages import views
    from graph import gaps
    from graph.store import open_store

    with open_store(seeds, read_only=True) as store:
        report = gaps.analyse(store)
        ranked = views.ranked_gaps(report, views.gap_policy(store))
    gaps_only = [r for r in ranked if r["status"] in ("缺链", "弱链")]
    assert gaps_only
    top = gaps_only[:5]
    assert not [r for r in top if r["link"] in priority.GENERIC_NAMES], [(r["industry"], r["link"]) for r in top]
    # the city's stated size counts: a gap of an industry with a money target weighs more on policy than
    # one of an industry the documents set none for, other things being equal
    with_target = [r for r in gaps_only if "产业目标" in r["why"]]
    without = [r for r in gaps_only if "产业目标" not in r["why"]]
    assert with_target and without
    facts = {r["industry"]: int(r["why"].split("文件写到该产业 ")[1].split(" 处")[0]) if "文件写到该产业" in r["why"]
             else 0 for r in gaps_only}
    for a in with_target:
        for b in without:
            if facts[a["industry"]] >= facts[b["industry"]]:
                assert a["priority_parts"]["policy"] > b["priority_parts"]["policy"]
