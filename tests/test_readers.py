"""Reading policy documents: encodings, .docx, .pdf, and every kind of bad input."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import docx
import pytest

from graph.errors import DocumentError
from ingest.readers import SUPPORTED_SUFFIXES, SourceText, decode_text, read_document

SAMPLE = (
    "某市人民政府关于推动战略性新兴产业高质量发展的实施意见\n"
    "一、总体要求\n"
    "到2025年，战略性新兴产业增加值占地区生产总值比重达到8%左右。\n"
    "（二）重点产业。依托甲乙制药等企业，打造“基础原料→中间体→原料药”产业链。\n"
)
TRADITIONAL = "某市人民政府關於推動戰略性新興產業高質量發展的實施意見。到2025年，產業規模達到1000億元。\n" * 3


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------------------------------------
# a tiny PDF writer: text drawn with a Type0 font (Identity-H) whose ToUnicode map gives the text
# layer; the font itself is not embedded, which text extraction does not need.


def make_pdf(pages: list[list[str]]) -> bytes:
    chars = sorted({c for page in pages for line in page for c in line})
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    cmap_lines = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    for k in range(0, len(chars), 100):
        chunk = chars[k : k + 100]
        cmap_lines.append(f"{len(chunk)} beginbfchar")
        cmap_lines += [f"<{ord(c):04X}> <{ord(c):04X}>" for c in chunk]
        cmap_lines.append("endbfchar")
    cmap_lines.append("endcmap CMapName currentdict /CMap defineresource pop end end")
    cmap = "\n".join(cmap_lines).encode()
    to_unicode = add(b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream")
    descriptor = add(
        b"<< /Type /FontDescriptor /FontName /TestSong /Flags 4 /FontBBox [0 -200 1000 900] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>"
    )
    cid_font = add(
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TestSong "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor %d 0 R /DW 1000 /CIDToGIDMap /Identity >>" % descriptor
    )
    font = add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /TestSong /Encoding /Identity-H "
        b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (cid_font, to_unicode)
    )
    pages_id = len(objects) + 1 + 2 * len(pages)
    page_ids = []
    for page in pages:
        ops = ["BT", "/F1 12 Tf", "14 TL", "40 800 Td"]
        for line in page:
            ops.append("<" + "".join(f"{ord(c):04X}" for c in line) + "> Tj T*")
        ops.append("ET")
        content = "\n".join(ops).encode()
        stream = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        page_ids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (pages_id, font, stream)
            )
        )
    kids = " ".join(f"{i} 0 R" for i in page_ids).encode()
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages))) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)

    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# text encodings


@pytest.mark.parametrize(
    ("encoding", "expected_encoding"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030"), ("gbk", "gb18030"), ("utf-16", "utf-16")],
)
def test_text_file_in_each_encoding_reads_back_the_same_text(tmp_path, encoding, expected_encoding):
    path = write(tmp_path, "doc.txt", SAMPLE.encode(encoding))

    source = read_document(path)

    assert SAMPLE == source.text
    assert expected_encoding == source.encoding
    assert hashlib.sha256(path.read_bytes()).hexdigest() == source.sha256
    assert str(path) == source.path


def test_utf16_without_byte_order_mark_is_detected(tmp_path):
    path = write(tmp_path, "doc.txt", SAMPLE.encode("utf-16-le"))

    assert SAMPLE == read_document(path).text


def test_big5_traditional_text_is_detected(tmp_path):
    path = write(tmp_path, "doc.txt", TRADITIONAL.encode("big5"))

    source = read_document(path)

    assert TRADITIONAL == source.text
    assert "big5" == source.encoding


@pytest.mark.parametrize(
    "encoding", ["utf-8", "gb18030", "big5", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1"]
)
def test_a_text_is_either_read_exactly_or_refused_never_guessed_wrong(tmp_path, encoding):
    text = TRADITIONAL if encoding == "big5" else SAMPLE
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        # a Chinese text that was forced through a Western code page: the bytes are mojibake
        data = text.encode("utf-8").decode("latin-1").encode("utf-8")
    path = write(tmp_path, "doc.txt", data)

    try:
        source = read_document(path)
    except DocumentError:
        return
    assert text == source.text


def test_utf8_text_that_was_converted_twice_is_refused_as_mojibake(tmp_path):
    garbled = SAMPLE.encode("utf-8").decode("latin-1").encode("utf-8")
    path = write(tmp_path, "doc.txt", garbled)

    with pytest.raises(DocumentError, match="garbled") as err:
        read_document(path)
    assert "doc.txt" in str(err.value)


def test_gbk_text_read_as_latin1_and_saved_as_utf8_is_refused(tmp_path):
    garbled = SAMPLE.encode("gbk").decode("latin-1").encode("utf-8")

    with pytest.raises(DocumentError, match="garbled"):
        read_document(write(tmp_path, "doc.txt", garbled))


def test_bytes_invalid_in_every_encoding_are_refused_with_the_fix(tmp_path):
    data = (b"\x80\xff\xfe\x81" * 40) + b"abc"
    path = write(tmp_path, "weird.txt", data)

    with pytest.raises(DocumentError, match="UTF-8") as err:
        read_document(path)
    assert "weird.txt" in str(err.value)


def test_utf8_bom_file_with_damaged_bytes_is_refused(tmp_path):
    data = b"\xef\xbb\xbf" + SAMPLE.encode("utf-8")[:30] + b"\xff\xfe\xfd" + SAMPLE.encode("utf-8")[30:]

    with pytest.raises(DocumentError, match="UTF-8"):
        read_document(write(tmp_path, "doc.txt", data))


def test_empty_file_is_refused(tmp_path):
    path = write(tmp_path, "empty.txt", b"")

    with pytest.raises(DocumentError, match="empty") as err:
        read_document(path)
    assert "empty.txt" in str(err.value)


def test_whitespace_only_file_is_refused(tmp_path):
    with pytest.raises(DocumentError, match="no text"):
        read_document(write(tmp_path, "blank.txt", "  \n\n\u3000\n".encode()))


def test_binary_file_is_refused(tmp_path):
    rng = random.Random(7)
    data = bytes(rng.randrange(256) for _ in range(4096))
    path = write(tmp_path, "data.txt", data)

    with pytest.raises(DocumentError, match="binary|encoding") as err:
        read_document(path)
    assert "data.txt" in str(err.value)


def test_text_with_control_characters_of_a_binary_is_refused(tmp_path):
    data = ("某市人民政府\x01\x02\x03\x04" * 20).encode("utf-8")

    with pytest.raises(DocumentError, match="binary"):
        read_document(write(tmp_path, "doc.txt", data))


@pytest.mark.parametrize(
    ("magic", "hint"), [(b"%PDF-1.7\n", r"\.pdf"), (b"PK\x03\x04", r"\.docx"), (b"\x89PNG\r\n\x1a\n", "image")]
)
def test_a_file_of_another_kind_named_txt_says_what_it_is(tmp_path, magic, hint):
    with pytest.raises(DocumentError, match=hint):
        read_document(write(tmp_path, "doc.txt", magic + b"\x00" * 100))


def test_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "huge.txt"
    line = ("到2025年，战略性新兴产业增加值占地区生产总值比重达到8%左右。\n").encode()
    with path.open("wb") as f:
        for _ in range(20 * 1024 * 1024 // len(line) + 10):
            f.write(line)
    assert path.stat().st_size > 20 * 1024 * 1024

    with pytest.raises(DocumentError, match="20 MB") as err:
        read_document(path)
    assert "huge.txt" in str(err.value)


def test_size_limit_can_be_set(tmp_path):
    path = write(tmp_path, "doc.txt", SAMPLE.encode())

    with pytest.raises(DocumentError, match="limit"):
        read_document(path, max_bytes=10)


def test_unknown_extension_lists_the_supported_ones(tmp_path):
    path = write(tmp_path, "doc.xyz", SAMPLE.encode())

    with pytest.raises(DocumentError) as err:
        read_document(path)
    for suffix in SUPPORTED_SUFFIXES:
        assert suffix in str(err.value)


def test_old_word_file_says_to_save_as_docx(tmp_path):
    with pytest.raises(DocumentError, match="save it as .docx"):
        read_document(write(tmp_path, "doc.doc", b"\xd0\xcf\x11\xe0" + b"\x00" * 100))


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(DocumentError, match="not found"):
        read_document(tmp_path / "nope.txt")


def test_decode_text_names_the_document():
    with pytest.raises(DocumentError, match="^policy.txt: "):
        decode_text(b"\x80\xff" * 50, "policy.txt")


# ---------------------------------------------------------------------------------------------
# .docx


def test_docx_paragraphs_and_table_cells_are_read_in_order(tmp_path):
    document = docx.Document()
    document.add_paragraph("某市人民政府关于加快培育发展未来产业的实施意见")
    document.add_paragraph("一、总体要求")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "产业"
    table.cell(0, 1).text = "责任单位"
    table.cell(1, 0).text = "未来材料"
    table.cell(1, 1).text = "市科技局"
    document.add_paragraph("二、重点培育方向")
    path = tmp_path / "doc.docx"
    document.save(path)

    source = read_document(path)

    assert (
        "某市人民政府关于加快培育发展未来产业的实施意见\n一、总体要求\n产业\n责任单位\n未来材料\n市科技局\n二、重点培育方向"
        == source.text
    )
    assert "docx" == source.encoding


def test_docx_merged_cell_is_read_once(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "市发展改革委"
    table.cell(0, 2).text = "牵头"
    path = tmp_path / "doc.docx"
    document.save(path)

    assert "市发展改革委\n牵头" == read_document(path).text


def test_damaged_docx_is_refused(tmp_path):
    document = docx.Document()
    document.add_paragraph(SAMPLE)
    good = tmp_path / "good.docx"
    document.save(good)
    path = write(tmp_path, "bad.docx", good.read_bytes()[:2000])

    with pytest.raises(DocumentError, match="damaged|cannot be read") as err:
        read_document(path)
    assert "bad.docx" in str(err.value)


def test_docx_without_text_is_refused(tmp_path):
    path = tmp_path / "blank.docx"
    docx.Document().save(path)

    with pytest.raises(DocumentError, match="no text"):
        read_document(path)


# ---------------------------------------------------------------------------------------------
# .pdf

PDF_PAGES = [
    ["某市人民政府关于推动AI产业发展的实施意见", "一、总体要求", "到2025年，产值达到3.16亿元。", "— 1 —"],
    ["（一）重点产业。发展PET-CT等医疗装备。", "— 2 —"],
]


def test_pdf_text_layer_is_read_page_by_page(tmp_path):
    path = write(tmp_path, "doc.pdf", make_pdf(PDF_PAGES))

    source = read_document(path)

    assert "pdf" == source.encoding
    pages = source.text.split("\f")
    assert 2 == len(pages)
    assert [line for line in PDF_PAGES[0]] == [line.strip() for line in pages[0].splitlines() if line.strip()]
    assert [line for line in PDF_PAGES[1]] == [line.strip() for line in pages[1].splitlines() if line.strip()]


def test_fixture_pdf_made_by_a_pdf_writer_is_read(tmp_path):
    source = read_document(Path(__file__).parent / "fixtures" / "docs" / "text_layer.pdf")

    assert "某市人民政府关于推动AI产业发展的实施意见" in source.text
    assert "3.16" in source.text


def test_truncated_pdf_is_refused_as_damaged(tmp_path):
    data = make_pdf(PDF_PAGES)
    path = write(tmp_path, "cut.pdf", data[: len(data) * 2 // 3])

    with pytest.raises(DocumentError, match="damaged") as err:
        read_document(path)
    assert "cut.pdf" in str(err.value)


def test_pdf_with_garbage_inside_is_refused_as_damaged(tmp_path):
    data = bytearray(make_pdf(PDF_PAGES))
    middle = len(data) // 2
    data[middle : middle + 400] = b"\x00" * 400

    with pytest.raises(DocumentError, match="damaged|text layer"):
        read_document(write(tmp_path, "bad.pdf", bytes(data)))


def test_pdf_without_text_layer_is_refused(tmp_path):
    path = write(tmp_path, "scan.pdf", make_pdf([[], []]))

    with pytest.raises(DocumentError, match="text layer") as err:
        read_document(path)
    assert "scan.pdf" in str(err.value)


def test_file_named_pdf_that_is_not_a_pdf_is_refused(tmp_path):
    with pytest.raises(DocumentError, match="not a PDF"):
        read_document(write(tmp_path, "doc.pdf", SAMPLE.encode()))


def test_source_text_is_frozen(tmp_path):
    source = read_document(write(tmp_path, "doc.txt", SAMPLE.encode()))

    assert isinstance(source, SourceText)
    with pytest.raises(AttributeError):
        source.text = "x"  # type: ignore[misc]


def test_seed_documents_are_read_as_utf8():
    root = Path(__file__).resolve().parents[1] / "data" / "docs"
    for path in sorted(root.glob("*.txt")):
        source = read_document(path)
        assert "utf-8" == source.encoding
        assert path.read_bytes().decode("utf-8") == source.text


def test_gbk_fixture_document_is_read_as_gb18030():
    source = read_document(Path(__file__).parent / "fixtures" / "docs" / "notice_gbk.txt")

    assert "gb18030" == source.encoding
    assert source.text.startswith("青山县人民政府办公室文件")
