"""The section tree, the sentences and the metadata of policy documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.metadata import DocMeta, parse_date, read_metadata
from ingest.normalize import normalize
from ingest.structure import heading_style, parse_outline

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "data" / "docs"
SEED_2024 = DOCS / "2024-heze-strategic-emerging-industries.txt"
SEED_2025 = DOCS / "2025-heze-future-industries.txt"
FIXTURES = Path(__file__).parent / "fixtures" / "docs"
GOLD = ROOT.parent / "shared" / "gold" / "seeds_gold.json"


def outline_of(path: Path):
    text = normalize(path.read_text(encoding="utf-8")).text
    return text, parse_outline(text)


def children(outline, parent_id):
    return [s for s in outline.sections if s.parent == parent_id]


# ---------------------------------------------------------------------------------------------
# seed documents


def test_2024_seed_top_sections():
    _, outline = outline_of(SEED_2024)

    top = children(outline, None)

    assert ["总体要求", "重点产业", "重大工程", "保障措施"] == [s.title for s in top]
    assert ["一、", "二、", "三、", "四、"] == [s.marker for s in top]
    assert ["1", "2", "3", "4"] == [s.id for s in top]
    assert {1} == {s.level for s in top}


def test_2024_seed_sectors_and_segments_nest_under_key_industries():
    _, outline = outline_of(SEED_2024)

    sectors = children(outline, "2")
    biomedicine = sectors[0]
    segments = children(outline, biomedicine.id)

    assert [
        "生物医药产业",
        "高端装备制造产业",
        "新能源产业",
        "新材料产业",
        "新一代信息技术产业",
        "节能环保产业",
        "新兴服务业",
    ] == [s.title for s in sectors]
    assert ("2.1", "（一）", 2, "2") == (biomedicine.id, biomedicine.marker, biomedicine.level, biomedicine.parent)
    assert ["现代中药", "化学药", "生物制药", "医疗器械与装备"] == [s.title for s in segments]
    assert ["1.", "2.", "3.", "4."] == [s.marker for s in segments]
    assert ("2.1.1", 3, ("重点产业", "生物医药产业", "现代中药")) == (
        segments[0].id,
        segments[0].level,
        segments[0].path,
    )


def test_2024_seed_segment_sentences_know_their_path():
    text, outline = outline_of(SEED_2024)

    sentence = next(s for s in outline.sentences if "舜王城中药材市场" in s.text)

    assert "2.1.1" == sentence.section_id
    assert ("重点产业", "生物医药产业", "现代中药") == outline.path_at(sentence.start)
    assert text[sentence.start : sentence.end] == sentence.text


def test_2024_seed_department_bracket_is_one_sentence_in_its_sector():
    _, outline = outline_of(SEED_2024)

    bracket = next(s for s in outline.sentences if s.text.startswith("（市发展改革委、市市场监管局"))

    assert bracket.text.endswith("等部门按职责分工负责）")
    assert "2.1" == bracket.section_id


def test_2025_seed_outline():
    _, outline = outline_of(SEED_2025)

    top = children(outline, None)
    directions = children(outline, "2")

    assert ["总体要求", "重点培育方向", "重点任务", "保障措施"] == [s.title for s in top]
    assert ["未来材料", "氢能与储能", "合成生物", "人工智能", "智能机器人", "未来制造", "低空经济"] == [
        s.title for s in directions
    ]
    assert {2} == {s.level for s in directions}
    assert ["指导思想", "基本原则", "发展目标"] == [s.title for s in children(outline, "1")]
    assert 8 == len(children(outline, "3"))


def test_2025_seed_responsibility_bracket_stays_whole_and_in_its_section():
    _, outline = outline_of(SEED_2025)

    bracket = next(s for s in outline.sentences if s.text.startswith("（责任单位：市科技局、市发展改革委"))

    assert bracket.text.endswith("按职责分工负责）")
    assert ("重点培育方向", "未来材料") == outline.path_at(bracket.start)


@pytest.mark.skipif(not GOLD.exists(), reason="the shared gold annotation is not present")
def test_every_numbered_gold_industry_is_a_section_title():
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    titles = {
        "2024": {s.title for s in outline_of(SEED_2024)[1].sections},
        "2025": {s.title for s in outline_of(SEED_2025)[1].sections},
    }

    missing = [
        (i["doc"], i.get("heading") or i["name"])
        for i in gold["industries"]
        if i["numbered"] and (i.get("heading") or i["name"]) not in titles[i["doc"]]
    ]

    assert [] == missing


def test_seed_signature_block_is_outside_every_section():
    text, outline = outline_of(SEED_2024)

    date = text.rindex("2024年1月16日\n")

    assert outline.section_at(date) is None
    assert () == outline.path_at(date)
    assert "4.3" == outline.section_at(text.rindex("菏泽市人民政府\n2024年1月16日") - 3).id


def test_seed_sections_nest_inside_their_parents():
    for path in (SEED_2024, SEED_2025):
        _, outline = outline_of(path)
        by_id = {s.id: s for s in outline.sections}
        for section in outline.sections:
            if section.parent:
                parent = by_id[section.parent]
                assert parent.start < section.start and section.end <= parent.end
                assert parent.level + 1 == section.level
                assert parent.path + (section.title,) == section.path


# ---------------------------------------------------------------------------------------------
# numbering styles


def test_a_document_may_skip_arabic_points_and_use_arabic_commas():
    text = normalize((FIXTURES / "wrapped_pages.txt").read_text(encoding="utf-8")).text

    outline = parse_outline(text)

    assert [
        ("1", "一、", 1),
        ("1.1", "（一）", 2),
        ("2", "二、", 1),
        ("2.1", "1、", 2),
        ("2.2", "2、", 2),
        ("3", "三、", 1),
    ] == [(s.id, s.marker, s.level) for s in outline.sections]
    assert ["发展智能终端", "发展软件服务"] == [s.title for s in children(outline, "2")]


def test_all_five_numbering_styles_nest_in_order_of_first_use():
    text = (
        "一、重点任务\n（一）培育产业集群\n1.生物医药。发展现代中药。\n（1）中药材种植。加快基地建设。\n"
        "①道地药材。建设标准化基地。\n（2）饮片加工\n2.高端装备\n（二）建设园区\n二、保障措施\n"
    )

    outline = parse_outline(text)

    assert [
        ("1", 1, "重点任务"),
        ("1.1", 2, "培育产业集群"),
        ("1.1.1", 3, "生物医药"),
        ("1.1.1.1", 4, "中药材种植"),
        ("1.1.1.1.1", 5, "道地药材"),
        ("1.1.1.2", 4, "饮片加工"),
        ("1.1.2", 3, "高端装备"),
        ("1.2", 2, "建设园区"),
        ("2", 1, "保障措施"),
    ] == [(s.id, s.level, s.title) for s in outline.sections]


def test_ascii_bracket_and_full_width_point_markers_are_headings():
    text = "一、总体要求\n(一)指导思想\n1．现代中药。借助资源。\n(1)种植\n"

    outline = parse_outline(text)

    assert ["一、", "(一)", "1．", "(1)"] == [s.marker for s in outline.sections]
    assert [1, 2, 3, 4] == [s.level for s in outline.sections]


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("1.现代中药。借助丰富的道地药材资源。", "现代中药"),
        ("（一）指导思想。", "指导思想"),
        ("（一）指导思想", "指导思想"),
        ("一、总体要求", "总体要求"),
        ("（二）强化项目支撑。认真落实机制。", "强化项目支撑"),
        ("（三）工作目标：到2025年达到100亿元。", "工作目标"),
    ],
)
def test_heading_title_is_the_text_between_marker_and_first_stop(line, title):
    assert title == parse_outline(line + "\n").sections[0].title


def test_a_decimal_number_at_a_line_start_is_not_a_heading():
    outline = parse_outline("1.5万吨产能已经建成。\n")

    assert () == outline.sections


def test_heading_style_of_each_marker():
    assert ["cn", "cn_paren", "arabic", "arabic", "arabic_paren", "circled"] == [
        heading_style(m) for m in ("十二、", "（十）", "3.", "12、", "(7)", "⑤")
    ]


def test_section_extent_runs_to_the_next_heading_of_the_same_or_higher_level():
    text = "一、甲\n（一）乙\n正文一。\n（二）丙\n正文二。\n二、丁\n正文三。\n"

    outline = parse_outline(text)
    by_title = {s.title: s for s in outline.sections}

    assert (0, text.index("二、")) == (by_title["甲"].start, by_title["甲"].end)
    assert (text.index("（二）"), text.index("二、丁")) == (by_title["丙"].start, by_title["丙"].end)
    assert (text.index("二、丁"), len(text)) == (by_title["丁"].start, by_title["丁"].end)
    assert "丙" == outline.section_at(text.index("正文二")).title
    assert outline.section_at(0) is by_title["甲"]


def test_text_before_the_first_heading_has_no_section():
    text = "某市人民政府关于推动发展的实施意见\n各部门：\n一、总体要求\n"

    outline = parse_outline(text)

    assert outline.section_at(0) is None
    assert [None, None, "1"] == [s.section_id for s in outline.sentences]


# ---------------------------------------------------------------------------------------------
# sentences


def test_sentences_split_at_stops_and_paragraphs_but_not_inside_brackets():
    text = (
        "坚持创新驱动。推动发展；做强链条！要不要？\n"
        "（牵头单位：市发展改革委；配合单位：市科技局、市财政局）\n"
        "加快建设（含“链主”企业。）产业园。\n"
        "没有句号的段落\n"
    )

    outline = parse_outline(text)

    assert [
        "坚持创新驱动。",
        "推动发展；",
        "做强链条！",
        "要不要？",
        "（牵头单位：市发展改革委；配合单位：市科技局、市财政局）",
        "加快建设（含“链主”企业。）产业园。",
        "没有句号的段落",
    ] == [s.text for s in outline.sentences]
    for s in outline.sentences:
        assert text[s.start : s.end] == s.text


def test_an_unclosed_bracket_does_not_swallow_the_next_paragraph():
    text = "推动发展（未闭合的括号。后文；\n第二段。\n"

    outline = parse_outline(text)

    assert ["推动发展（未闭合的括号。后文；", "第二段。"] == [s.text for s in outline.sentences]


def test_repeated_stops_stay_with_their_sentence():
    assert ["真的吗？！", "是的。"] == [s.text for s in parse_outline("真的吗？！是的。").sentences]


def test_sentences_in_a_section_include_its_subsections():
    text = "一、甲\n（一）乙\n正文一。正文二。\n二、丁\n正文三。\n"

    outline = parse_outline(text)

    assert ["一、甲", "（一）乙", "正文一。", "正文二。"] == [s.text for s in outline.sentences_in("1")]


# ---------------------------------------------------------------------------------------------
# properties


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_parse_outline_never_crashes_on_any_unicode(text):
    check_outline(text, parse_outline(text))


DOCUMENT_LIKE = st.lists(
    st.one_of(
        st.sampled_from(["一、", "二、", "（一）", "(二)", "1.", "2、", "（1）", "(2)", "①", "三、", "第3页"]),
        st.text(alphabet=list("产业发展园区企业，。；：、（）“”\n 0123456789"), max_size=30),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENT_LIKE)
def test_outline_of_document_like_text_is_consistent(text):
    check_outline(text, parse_outline(text))
    normalized = normalize(text)
    check_outline(normalized.text, parse_outline(normalized.text))


def check_outline(text, outline):
    by_id = {s.id: s for s in outline.sections}
    assert len(by_id) == len(outline.sections)
    for s in outline.sections:
        assert 0 <= s.start < s.end <= max(len(text), s.start + 1)
        if s.parent is not None:
            parent = by_id[s.parent]
            assert parent.start < s.start and s.end <= parent.end
            assert parent.path + (s.title,) == s.path
        else:
            assert (s.title,) == s.path
    previous_end = 0
    for sentence in outline.sentences:
        assert previous_end <= sentence.start < sentence.end <= len(text)
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
        assert "\n" not in sentence.text
        if sentence.section_id is not None:
            section = by_id[sentence.section_id]
            assert section.start <= sentence.start < section.end
        previous_end = sentence.end


# ---------------------------------------------------------------------------------------------
# metadata


@pytest.mark.skipif(not GOLD.exists(), reason="the shared gold annotation is not present")
@pytest.mark.parametrize(("doc", "path"), [("2024", SEED_2024), ("2025", SEED_2025)])
def test_seed_metadata_matches_the_gold_documents(doc, path):
    gold = next(d for d in json.loads(GOLD.read_text(encoding="utf-8"))["documents"] if d["doc"] == doc)
    normalized = normalize(path.read_text(encoding="utf-8"))

    meta = read_metadata(normalized.text)

    assert (gold["title"], gold["number"], gold["date"]) == (meta.title, meta.number, meta.date)
    assert ("菏泽市人民政府", True) == (meta.issuer, meta.public)
    a, b = normalized.to_original(*meta.title_span)
    assert "".join(gold["evidence"].split()) in "".join(normalized.original[a:b].split())


@pytest.mark.parametrize("path", [SEED_2024, SEED_2025], ids=lambda p: p.name[:4])
def test_metadata_reads_the_original_text_too(path):
    original = path.read_text(encoding="utf-8")

    raw = read_metadata(original)
    normalized = read_metadata(normalize(original).text)
    assert (normalized.title, normalized.number, normalized.date, normalized.public) == (
        raw.title,
        raw.number,
        raw.date,
        raw.public,
    )


def test_metadata_of_a_wrapped_document_with_its_number_in_ascii_brackets():
    text = normalize((FIXTURES / "wrapped_pages.txt").read_text(encoding="utf-8")).text

    meta = read_metadata(text)

    assert (
        DocMeta(
            title="临河市人民政府关于加快发展数字经济的实施意见",
            issuer="临河市人民政府",
            number="临政发〔2023〕7号",
            date="2023-03-01",
            public=True,
            title_span=meta.title_span,
        )
        == meta
    )
    assert "临河市人民政府\n关于加快发展数字经济的实施意见" == text[slice(*meta.title_span)]


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("某办发[2023]5号", "某办发〔2023〕5号"),
        ("鲁政办字 〔2025〕 16 号", "鲁政办字〔2025〕16号"),
        ("某政发（2024）第3号", "某政发〔2024〕3号"),
        ("某政字【2022】12号", "某政字〔2022〕12号"),
    ],
)
def test_document_number_brackets_are_normalized(line, number):
    assert number == read_metadata(f"{line}\n某市人民政府关于加快发展的通知\n各部门：\n").number


def test_title_split_over_three_lines_with_issuer_header():
    text = "某市发展和改革委员会文件\n某发改发〔2024〕9号\n关于印发某市推动\n未来产业发展\n行动方案的通知\n各县区：\n正文。\n"

    meta = read_metadata(text)

    assert ("关于印发某市推动未来产业发展行动方案的通知", "某市发展和改革委员会") == (meta.title, meta.issuer)


def test_chinese_numeral_signature_date_and_not_public():
    text = "某市人民政府办公室关于做好防汛工作的通知\n各部门：\n正文。\n某市人民政府办公室\n二〇二四年一月十六日\n（此件不公开）\n"

    meta = read_metadata(text)

    assert ("2024-01-16", False, "某市人民政府办公室") == (meta.date, meta.public, meta.issuer)


@pytest.mark.parametrize(
    ("mark", "public"),
    [
        ("（此件公开发布）", True),
        ("（此件主动公开）", True),
        ("（此件依申请公开）", False),
        ("（此件不予公开）", False),
        ("", None),
    ],
)
def test_public_mark(mark, public):
    assert public == read_metadata(f"某市人民政府关于发展的意见\n正文。\n某市人民政府\n2024年1月2日\n{mark}\n").public


def test_text_without_metadata_gives_nones():
    assert DocMeta(None, None, None, None, None, None) == read_metadata("这是一段没有标题的文字。\n")


def test_printing_date_is_used_only_without_a_signature_date():
    text = "某市人民政府关于发展的意见\n正文。\n某市人民政府办公室 2024年3月5日印发\n"

    assert "2024-03-05" == read_metadata(text).date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2024年1月16日", "2024-01-16"),
        ("二〇二五年七月八日", "2025-07-08"),
        ("二〇二四年十二月三十一日", "2024-12-31"),
        ("2024年13月1日", None),
    ],
)
def test_parse_date(text, iso):
    assert iso == parse_date(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_read_metadata_never_crashes(text):
    meta = read_metadata(text)
    if meta.title_span is not None:
        a, b = meta.title_span
        assert 0 <= a < b <= len(text)


def test_chapters_and_articles_of_regulation_style_documents():
    original = (
        "某市促进未来产业发展办法\n第一章 总则\n第一条 为了加快培育未来产业，制定本办法。\n"
        "第二条 本办法适用于本市行政区域。\n第二章 产业培育\n第三条 支持人工智能产业发展。\n"
    )
    text = normalize(original).text

    outline = parse_outline(text)

    assert [
        ("1", "第一章", "总则"),
        ("1.1", "第一条", "为了加快培育未来产业"),
        ("1.2", "第二条", "本办法适用于本市行政区域"),
    ] == [(s.id, s.marker, s.title) for s in outline.sections[:3]]
    assert ("产业培育", "支持人工智能产业发展") == outline.path_at(text.index("支持人工智能"))


def test_gbk_notice_with_lead_and_supporting_units_and_nested_items():
    from ingest.readers import read_document

    text = normalize(read_document(FIXTURES / "notice_gbk.txt").text).text

    outline = parse_outline(text)
    meta = read_metadata(text)

    assert [
        ("1", "工作目标", 1),
        ("2", "重点任务", 1),
        ("2.1", "延伸产业链条", 2),
        ("2.1.1", "培育龙头企业", 3),
        ("2.1.2", "建设产业园区", 3),
        ("2.2", "强化要素保障", 2),
    ] == [(s.id, s.title, s.level) for s in outline.sections]
    bracket = next(s for s in outline.sentences if s.text.startswith("（牵头单位"))
    assert "（牵头单位：县发展改革局；配合单位：县工业和信息化局、县商务局）" == bracket.text
    assert "2.1" == bracket.section_id
    assert (
        DocMeta(
            title="青山县人民政府办公室关于印发青山县新材料产业链培育工作方案的通知",
            issuer="青山县人民政府办公室",
            number="青政办字〔2024〕12号",
            date="2024-03-15",
            public=False,
            title_span=meta.title_span,
        )
        == meta
    )


def test_articles_numbered_with_spaced_arabic_digits_are_sections():
    text = normalize("第一章 总则\n第 1 条 为了加快发展，制定本办法。\n第 1 0 条 本办法自发布之日起施行。\n").text
    sections = parse_outline(text).sections
    assert [("第一章", 1), ("第1条", 2), ("第10条", 2)] == [(s.marker, s.level) for s in sections]


def test_a_plan_after_its_covering_notice_takes_its_own_title_and_a_web_date_counts():
    text = normalize(
        "各县、区人民政府：\n《某市推动制造业高质量发展实施方案》已经市政府研究通过，现印发给你们。\n"
        "2020年11月17日\n某市推动制造业高质量发展实施方案\n一、总体要求\n正文。\n"
    ).text
    meta = read_metadata(text)
    assert ("某市推动制造业高质量发展实施方案", "2020-11-17") == (meta.title, meta.date)
    assert "2023-07-19" == read_metadata(normalize("某县奖励办法\n发布日期:2023-07-19\n第一条 正文。\n").text).date


def test_a_numbered_list_attached_after_the_signature_is_read():
    text = normalize(
        "关于公布特色产业集群名单的通知\n各单位：\n现予公布（名单见附件）。\n某市工业和信息化局\n2022年5月9日\n"
        "附件\n特色产业集群名单\n1、甲县纺织特色产业集群\n2、乙县钢球特色产业集群\n"
    ).text
    titles = [s.title for s in parse_outline(text).sections]
    assert ["甲县纺织特色产业集群", "乙县钢球特色产业集群"] == titles
