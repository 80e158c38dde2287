"""Regions from a company's full name or address, and risk marks from its short name (graph/regions.py)."""

from __future__ import annotations

import json

import pytest

from graph.regions import FLAGS, region_from_address, region_from_name, region_of, risk_flags
from tests.conftest import POOL, need_shared


@pytest.mark.parametrize("fullname, province, city", [
    ("江苏长电科技股份有限公司", "江苏省", None),
    ("天水华天科技股份有限公司", "甘肃省", "天水市"),
    ("宁德时代新能源科技股份有限公司", "福建省", "宁德市"),
    ("山东潍坊润丰化工股份有限公司", "山东省", "潍坊市"),
    ("深圳市法本信息技术股份有限公司", "广东省", "深圳市"),
    ("上海凯赛生物技术股份有限公司", "上海市", "上海市"),
    ("新疆大全新能源股份有限公司", "新疆维吾尔自治区", None),
    ("延边石岘白麓纸业股份有限公司", "吉林省", "延边朝鲜族自治州"),
])
def test_a_full_name_that_starts_with_a_place_gives_its_province_and_city(fullname, province, city):
    region = region_from_name(fullname)
    assert (region["province"], region["city"]) == (province, city)


def test_a_place_in_brackets_counts_down_to_the_county():
    region = region_from_name("巨石集团（桐乡）有限公司")
    assert region == {"province": "浙江省", "city": "嘉兴市", "county": "桐乡市", "how": "名称"}


def test_a_name_that_shows_no_place_gives_no_region():
    for name in ("中国巨石股份有限公司", "航天彩虹无人机股份有限公司", "东方电气股份有限公司", "", None):
        assert region_from_name(name) is None, name


def test_an_address_names_province_city_and_county():
    assert region_from_address("山东省菏泽市巨野县工业园区") == {
        "province": "山东省", "city": "菏泽市", "county": "巨野县", "how": "地址"}
    assert region_from_address("江阴市滨江中路275号")["city"] == "无锡市", "a county alone, unique in China"
    assert region_from_address("浦东新区张江路")["province"] == "上海市"
    assert region_from_address("某某路 88 号") is None


def test_the_address_wins_over_the_name():
    assert region_of("江苏某某科技股份有限公司", "安徽省合肥市高新区")["province"] == "安徽省"
    assert region_of("江苏某某科技股份有限公司", None)["province"] == "江苏省"


@pytest.mark.parametrize("short, flags", [
    ("*ST嘉陵", ["*ST"]), ("ST冠福", ["ST"]), ("S*ST云大", ["S*ST"]), ("SST前锋", ["SST"]),
    ("退市博元", ["退市"]), ("华信退", ["退市整理"]), ("PT水仙", ["PT"]), ("宁德时代", []), ("", []),
])
def test_risk_marks_come_from_the_short_name(short, flags):
    assert risk_flags(short) == flags
    assert all(f in FLAGS for f in flags)


def test_most_pool_companies_get_a_region_and_every_marked_one_a_flag():
    rows = [json.loads(line) for line in (need_shared(POOL) / "company.jsonl").open(encoding="utf-8")]
    with_region = sum(1 for r in rows if region_from_name(r.get("fullname")))
    assert with_region / len(rows) > 0.6
    marked = [r["name"] for r in rows if r["name"].startswith(("*ST", "ST", "S*ST", "退市"))]
    assert marked and all(risk_flags(n) for n in marked)
