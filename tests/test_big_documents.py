"""Large and many documents: a text past spaCy's length limit is segmented piece by piece (offsets
kept), and one bad document in a folder never stops the others in `ingest build`."""

from __future__ import annotations

import shutil

import pytest

from graph.store import open_store
from ingest.__main__ import main as ingest_main
from ingest.extract import nlp
from ingest.pipeline import extract_text
from ingest.readers import read_document
from tests.conftest import SEED_2024, SEED_2025


@pytest.fixture
def small_limit(monkeypatch):
    """spaCy's limit (1,000,000 characters) lowered, so that the seed documents are "too long":
    the same code path as a real long document, at a test's speed."""
    model = nlp.get_nlp()
    monkeypatch.setattr(model, "max_length", 2_000)
    return model


def test_a_text_longer_than_the_limit_is_segmented_with_every_offset_kept(small_limit):
    text = read_document(SEED_2024).text
    assert len(text) > 3 * small_limit.max_length
    doc = nlp.make_doc(small_limit, text)
    assert text == doc.text
    assert all(text[t.idx:t.idx + len(t.text)] == t.text for t in doc)
    assert all(len(piece) <= small_limit.max_length for piece in nlp.chunks(text, small_limit.max_length))


def test_a_long_document_gives_what_it_gives_in_one_piece(monkeypatch):
    text = read_document(SEED_2024).text
    whole = extract_text(text, doc_id="seed").to_json()
    monkeypatch.setattr(nlp.get_nlp(), "max_length", 1_500)
    assert whole == extract_text(text, doc_id="seed").to_json()


def test_a_line_longer_than_the_limit_is_cut_and_joined_back():
    text = "甲" * 25 + "。" + "乙" * 30
    pieces = nlp.chunks(text, 10)
    assert text == "".join(pieces) and all(len(p) <= 10 for p in pieces)


def test_one_bad_document_never_stops_the_others_and_is_named(tmp_path, small_limit, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEED_2024, docs / SEED_2024.name)  # longer than the (lowered) limit: loads in pieces
    shutil.copy(SEED_2025, docs / SEED_2025.name)
    (docs / "broken.docx").write_bytes(b"PK\x03\x04 not a word file")
    (docs / "empty.txt").write_bytes(b"")
    location = str(tmp_path / "graph")
    code = ingest_main(["build", "--store", location, str(docs)])
    out = capsys.readouterr()
    assert 1 == code  # not everything loaded ...
    assert "载入 2 个" in out.out
    failed = [line for line in out.err.splitlines() if line.startswith("失败")]
    assert {"broken.docx", "empty.txt"} == {line.split(":")[1].strip() for line in failed}
    with open_store(location, read_only=True) as store:  # ... but the good ones did
        ids = {r["id"] for r in store.read("MATCH (d:Document) RETURN d.id AS id")}
    assert {SEED_2024.stem, SEED_2025.stem} == ids
