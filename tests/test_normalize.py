"""Normalization of policy-document text and its map back to the original."""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.normalize import Normalized, normalize
from ingest.structure import parse_outline

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "data" / "docs").glob("*.txt"))
FIXTURES = Path(__file__).parent / "fixtures" / "docs"


def squash(s: str) -> str:
    """Compare texts modulo white space and the width of punctuation and digits."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def lines(text: str) -> list[str]:
    return text.split("\n")


# ---------------------------------------------------------------------------------------------
# punctuation, numbers, Latin words


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("产业, 集群", "产业，集群"),
        ("各大中专院校:", "各大中专院校："),
        ("市大数据局;配合单位", "市大数据局；配合单位"),
        ("是否?", "是否？"),
        ("加快发展!", "加快发展！"),
        ("实施意见.", "实施意见。"),
        ("各县区人民政府 (管委会),市政府", "各县区人民政府（管委会），市政府"),
        ("(一)指导思想", "（一）指导思想"),
        ("(1)加强领导", "（1）加强领导"),
        ("增材制造(3D 打印)", "增材制造（3D打印）"),
        ("（市发展改革委等部门按职责分工负责)", "（市发展改革委等部门按职责分工负责）"),
        ('打造"链主"企业', "打造“链主”企业"),
    ],
)
def test_ascii_punctuation_next_to_chinese_becomes_full_width(original, expected):
    assert expected + "\n" == normalize(original).text


@pytest.mark.parametrize(
    "kept",
    [
        "年产3.16万台",
        "增长1.5倍",
        "1,000亿元",
        "12:30开始",
        "发展AI产业",
        "5G基站和6G研究",
        "PET-CT系统",
        "Wi-Fi 6",
        "GDP (gross domestic product)",
        "see: www.example.com",
    ],
)
def test_numbers_and_latin_words_keep_their_ascii_punctuation(kept):
    assert kept + "\n" == normalize(kept).text


@pytest.mark.parametrize(
    "chain",
    ["基础原料→中间体→原料药→化学制剂", "技术—产品—企业—产业", "芯片➝模组➝整机", "芯片-模组-整机", "矿产——冶炼——加工"],
)
def test_chain_notation_is_kept(chain):
    assert chain + "\n" == normalize(chain).text


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("8－10个", "8—10个"),
        ("8–10个", "8—10个"),
        ("原料─中间体─制剂", "原料—中间体—制剂"),
        ("原料―中间体", "原料—中间体"),
        ("PET－CT", "PET-CT"),
        ("技术⸺产品", "技术——产品"),
    ],
)
def test_dash_variants_become_one_dash(original, expected):
    assert expected + "\n" == normalize(original).text


def test_full_width_digits_and_letters_are_folded():
    assert "到2025年，AI产值3.5亿元\n" == normalize("到２０２５年，ＡＩ产值３．５亿元").text


def test_full_width_percent_and_ideographic_space_are_folded():
    assert "比重达到8%左右\n" == normalize("比重达到８％\u3000左右").text


# ---------------------------------------------------------------------------------------------
# spaces


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("到 2025 年", "到2025年"),
        ("菏泽市人民政府 关于推动发展的 实施意见", "菏泽市人民政府关于推动发展的实施意见"),
        ("达到 8% 左右", "达到8%左右"),
        ("聚焦 “突破菏泽、后来居上”", "聚焦“突破菏泽、后来居上”"),
        ("artificial  intelligence 产业", "artificial intelligence产业"),
        ("Wi-Fi 6 网络", "Wi-Fi 6网络"),
        ("\u3000\u3000坚持创新驱动。", "坚持创新驱动。"),
    ],
)
def test_spaces_next_to_chinese_are_removed_and_kept_between_latin_words(original, expected):
    assert expected + "\n" == normalize(original).text


# ---------------------------------------------------------------------------------------------
# lines and paragraphs


def test_hard_line_breaks_inside_a_sentence_are_removed():
    original = "坚持以习近平新时代中国特色社会主义思想为指导,全面贯\n\n 彻党的二十大精神,深入落实总书记重要讲话精神,聚焦\n\n“突破菏泽、后来居上”发展目标。\n"

    assert (
        "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，深入落实总书记重要讲话精神，聚焦“突破菏泽、后来居上”发展目标。\n"
        == normalize(original).text
    )


def test_paragraph_and_heading_breaks_are_kept():
    original = "一、总体要求\n\n(一)指导思想\n\n坚持创新驱动。\n推动发展；\n1. 现代中药。借助资源\n\n优势。\n"

    assert [
        "一、总体要求",
        "（一）指导思想",
        "坚持创新驱动。",
        "推动发展；",
        "1.现代中药。借助资源优势。",
        "",
    ] == lines(normalize(original).text)


def test_a_line_break_inside_an_open_bracket_is_removed():
    original = "打造新型储能产业新高地。(责任单位:\n市发展改革委、市科技局按职责分工负责)\n"

    assert "打造新型储能产业新高地。（责任单位：市发展改革委、市科技局按职责分工负责）\n" == normalize(original).text


def test_a_long_line_cut_mid_sentence_joins_the_next_line():
    first = "坚持绿色低碳。把生态文明理念融入战略性新兴产业发展全过程，推行绿色低碳高质量发展方式，提高资源综合利用效率和资源产出率，助力"
    original = first + "\n\n碳达峰、碳中和。\n"

    assert first + "碳达峰、碳中和。\n" == normalize(original).text


def test_short_title_lines_stay_separate():
    original = "某市人民政府文件\n\n某政发〔2024〕1号\n\n某市人民政府 关于推动发展的 实施意见\n\n各县区人民政府：\n"

    assert [
        "某市人民政府文件",
        "某政发〔2024〕1号",
        "某市人民政府关于推动发展的实施意见",
        "各县区人民政府：",
        "",
    ] == lines(normalize(original).text)


def test_latin_words_broken_across_lines_keep_a_space():
    original = "推动人工智能与实体经济深度融合，加快发展 artificial\nintelligence 产业。\n"

    assert "推动人工智能与实体经济深度融合，加快发展artificial intelligence产业。\n" == normalize(original).text


@pytest.mark.parametrize("page_line", ["— 3 —", "-3-", "- 3 -", "第3页", "第 3 页", "第3页 共10页", "3/10"])
def test_page_number_lines_are_removed(page_line):
    original = f"推动产业发展，加快\n{page_line}\n建设产业集群。\n"

    assert "推动产业发展，加快建设产业集群。\n" == normalize(original).text


def test_bare_page_numbers_in_sequence_are_removed_but_a_lone_number_is_kept():
    paged = "推动产业发展，加快\n1\n建设产业集群，提升\n2\n园区承载能力。\n"
    lone = "目标值\n2025\n"

    assert "推动产业发展，加快建设产业集群，提升园区承载能力。\n" == normalize(paged).text
    assert ["目标值", "2025", ""] == lines(normalize(lone).text)


def test_wrapped_document_with_pages_headers_and_page_numbers():
    original = (FIXTURES / "wrapped_pages.txt").read_text(encoding="utf-8")

    normalized = normalize(original)

    assert [
        "临政发〔2023〕7号",
        "临河市人民政府",
        "关于加快发展数字经济的实施意见",
        "各县区人民政府，市政府各部门：",
        "为加快发展数字经济，推动AI与实体经济深度融合，结合我市实际，制定如下实施意见。",
        "一、总体要求",
        "（一）发展目标",
        "到2025年，全市数字经济核心产业增加值达到350亿元左右；到2027年，力争突破500亿元。",
        "二、重点任务",
        "1、发展智能终端。依托临河电子、北辰光电等企业，打造“芯片-模组-整机”产业链，重点发展5G模组、PET-CT影像设备。"
        "（市工业和信息化局、市发展改革委按职责分工负责）",
        "2、发展软件服务。推动数据采集→数据存储→数据应用全链条发展，引进软件企业8—10家，软件业务收入年均增长12.5%以上。"
        "（责任单位：市大数据局；配合单位：市科技局）",
        "三、保障措施",
        "加强组织领导，建立工作专班，定期调度推进。",
        "临河市人民政府",
        "2023年3月1日",
        "（此件公开发布）",
        "",
    ] == lines(normalized.text)
    assert "临河市人民政府公报" not in normalized.text


def test_a_line_repeated_in_the_body_is_not_taken_for_a_running_header():
    original = "坚持创新驱动。\n坚持创新驱动。\n坚持创新驱动。\n推动发展。\n"

    assert ["坚持创新驱动。"] * 3 + ["推动发展。", ""] == lines(normalize(original).text)


def test_windows_line_endings_and_zero_width_characters():
    original = "\ufeff一、总体要求\r\n坚持\u200b创新驱动。\r\n"

    normalized = normalize(original)

    assert "一、总体要求\n坚持创新驱动。\n" == normalized.text
    assert "坚持\u200b创新驱动。" == normalized.original[slice(*normalized.to_original(7, 14))]


# ---------------------------------------------------------------------------------------------
# traditional characters


def test_traditional_document_is_converted_to_simplified():
    original = (FIXTURES / "traditional.txt").read_text(encoding="utf-8")

    normalized = normalize(original)

    assert "某市人民政府关于推动战略性新兴产业高质量发展的实施意见" in normalized.text
    assert "重点发展生物医药、高端装备制造产业" in normalized.text
    assert len(normalized.offsets) == len(normalized.text) + 1


def test_a_simplified_document_keeps_a_traditional_name():
    original = "依托大唐鄆城发电、国润生物质能源和乾源城市开发等企业，坚持节能优先，大力实施能量系统优化。\n" * 3

    assert original == normalize(original).text


def test_conversion_can_be_forced_or_turned_off():
    assert "发展生物医药产业\n" == normalize("發展生物醫藥產業", t2s=True).text
    assert "發展生物醫藥產業\n" == normalize("發展生物醫藥產業", t2s=False).text


def test_traditional_conversion_keeps_the_map():
    normalized = normalize("關於推動產業鏈發展，到 2025 年產值達到 8% 左右。")

    start = normalized.text.index("产业链")
    assert "產業鏈" == normalized.original[slice(*normalized.to_original(start, start + 3))]


# ---------------------------------------------------------------------------------------------
# the offset map


def test_to_original_maps_a_span_back_to_the_file():
    original = "到 2025 年,产业规模\n\n达到 1000 亿元."
    normalized = normalize(original)

    start = normalized.text.index("2025")
    assert "2025" == original[slice(*normalized.to_original(start, start + 4))]
    start = normalized.text.index("规模达到")
    assert "规模\n\n达到" == original[slice(*normalized.to_original(start, start + 4))]
    assert (len(original), len(original)) == normalized.to_original(len(normalized.text), len(normalized.text))


def test_to_original_rejects_a_span_outside_the_text():
    normalized = normalize("到2025年")

    with pytest.raises(ValueError, match="outside"):
        normalized.to_original(0, 100)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_seed_offset_map_round_trips_for_section_titles_and_random_spans(seed):
    original = seed.read_text(encoding="utf-8")
    normalized = normalize(original)
    outline = parse_outline(normalized.text)
    assert outline.sections

    spans = []
    for section in outline.sections:
        start = normalized.text.index(section.title, section.start)
        spans.append((start, start + len(section.title)))
    rng = random.Random(seed.name)
    for _ in range(100):
        a = rng.randrange(len(normalized.text))
        spans.append((a, min(len(normalized.text), a + rng.randrange(1, 60))))

    for a, b in spans:
        o_start, o_end = normalized.to_original(a, b)
        assert squash(normalized.text[a:b]) == squash(original[o_start:o_end]), (a, b)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_seed_normalization_is_idempotent(seed):
    once = normalize(seed.read_text(encoding="utf-8")).text

    assert once == normalize(once).text


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_seed_normalization_drops_nothing_but_white_space(seed):
    original = seed.read_text(encoding="utf-8")

    assert squash(original) == squash(normalize(original).text)


def test_2025_seed_sentences_are_no_longer_broken_across_lines():
    seed = next(p for p in SEEDS if p.name.startswith("2025"))
    text = normalize(seed.read_text(encoding="utf-8")).text

    assert "全面贯彻党的二十大和二十届二中、三中全会精神" in text
    assert "以“揭榜挂帅”方式孕育一批具备商业转化能力的新型研发机构" in text
    for line in lines(text)[4:-6]:
        assert not line.startswith(" ")


# ---------------------------------------------------------------------------------------------
# properties

# characters a step may write in place of others (punctuation, dashes, paragraph breaks, spaces)
REPLACEMENTS = set("，：；？！（）。“”—-\n ")


def check_map(original: str, n: Normalized) -> None:
    assert n.original == original
    assert len(n.text) + 1 == len(n.offsets)
    assert len(original) == n.offsets[-1]
    assert all(a <= b for a, b in zip(n.offsets, n.offsets[1:], strict=False))
    assert all(0 <= x <= len(original) for x in n.offsets)
    for i, c in enumerate(n.text):
        if c in REPLACEMENTS:
            continue
        src = original[n.offsets[i]]
        assert unicodedata.normalize("NFKC", c) == unicodedata.normalize("NFKC", src) or c == src, (i, c, src)


TEXTY = st.text(
    alphabet=st.sampled_from(
        list('一二三四五六七八九十、（）()【】，,。.：:；;？?！!“”"—－-─→➝ \u3000\n\r\t\f')
        + list("产业发展园区企业政府关于意见年月日第页")
        + list("0123456789０１２ＡＢabcXYZ%％．")
        + ["\u200b", "\ufeff", "\x00", "\x07"]
    ),
    max_size=300,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_normalize_never_crashes_and_keeps_a_monotonic_map_on_any_unicode(original):
    check_map(original, normalize(original, t2s=False))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTY)
def test_normalize_keeps_an_exact_map_on_document_like_text(original):
    check_map(original, normalize(original, t2s=False))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_normalize_with_traditional_conversion_never_crashes(original):
    n = normalize(original, t2s=True)
    assert len(n.text) + 1 == len(n.offsets)
    assert all(a <= b for a, b in zip(n.offsets, n.offsets[1:], strict=False))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTY, st.data())
def test_to_original_gives_a_span_inside_the_original(original, data):
    n = normalize(original, t2s=False)
    a = data.draw(st.integers(0, len(n.text)))
    b = data.draw(st.integers(a, len(n.text)))
    o_start, o_end = n.to_original(a, b)
    assert 0 <= o_start <= o_end <= len(original)


def test_pdf_text_loses_its_page_numbers_and_keeps_its_lines():
    from ingest.readers import read_document

    source = read_document(FIXTURES / "text_layer.pdf")

    assert [
        "某市人民政府关于推动AI产业发展的实施意见",
        "一、总体要求",
        "到2025年，产值达到3.16亿元。",
        "（一）重点产业。发展PET-CT等医疗装备。",
        "",
    ] == lines(normalize(source.text).text)
