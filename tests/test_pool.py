"""The national pool import: validation, pure shaping with the data's quirks, idempotent loading."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from graph.errors import DatasetError
from ingest import pool
from tests.conftest import POOL, make_store, need_shared

FIXTURES = Path(__file__).parent / "fixtures" / "pool"
TINY = FIXTURES / "tiny"


def shaped(existing=None):
    return pool.shape_pool(pool.read_pool(TINY), existing=existing)


def nodes(batch, label):
    return {r["id"]: r for r in batch.nodes.get(label, [])}


def rels(batch, rel_type):
    return {(r["src"], r["dst"]): r for r in batch.rels.get(rel_type, [])}


# --- reading and validation ------------------------------------------------------------------------


def test_codes_without_exchange_suffix_get_one_from_their_digits():
    assert ["603858.SH", "300583.SZ", "000513.SZ", "830799.BJ", "900949.SH", "200053.SZ"] == [
        pool.normalize_code(c) for c in ("603858", "300583.sz", "000513", "830799", "900949", "200053.SZ")]


@pytest.mark.parametrize("variant, line", [
    ("company_product.bad_json.jsonl", 3),
    ("company.missing_code.jsonl", 4),
    ("product_product.bad_rel.jsonl", 2),
    ("company_product.bad_weight.jsonl", 5),
    ("product.not_object.jsonl", 1),
    ("company.bad_code.jsonl", 3),
])
def test_a_malformed_line_is_refused_naming_file_and_line(tmp_path, variant, line):
    target = variant.split(".")[0] + ".jsonl"
    directory = tmp_path / "pool"
    shutil.copytree(TINY, directory)
    shutil.copy(FIXTURES / "malformed" / variant, directory / target)
    with pytest.raises(DatasetError) as err:
        pool.read_pool(directory)
    assert f"{target} line {line}:" in str(err.value)


def test_a_missing_file_is_refused_by_name(tmp_path):
    directory = tmp_path / "pool"
    shutil.copytree(TINY, directory)
    (directory / "product_product.jsonl").unlink()
    with pytest.raises(DatasetError) as err:
        pool.read_pool(directory)
    assert "product_product.jsonl is missing" in str(err.value)


def test_a_missing_directory_is_refused(tmp_path):
    with pytest.raises(DatasetError, match="does not exist"):
        pool.read_pool(tmp_path / "nowhere")


def test_blank_lines_are_skipped(tmp_path):
    directory = tmp_path / "pool"
    shutil.copytree(TINY, directory)
    text = (directory / "product.jsonl").read_text(encoding="utf-8")
    (directory / "product.jsonl").write_text("\n" + text.replace("\n", "\n\n", 1), encoding="utf-8")
    assert pool.read_pool(TINY)["product"] == pool.read_pool(directory)["product"]


# --- shaping (pure) --------------------------------------------------------------------------------


def test_codes_with_and_without_suffix_fold_into_one_company():
    companies = nodes(shaped(), "Company")
    assert "603858.SH" in companies and "603858" not in companies
    assert "山东步长制药股份有限公司" == companies["603858.SH"]["fullname"]
    assert "上海证券交易所" == companies["603858.SH"]["exchange"]
    assert False is companies["603858.SH"]["local"]


def test_a_duplicate_row_with_another_firms_full_name_is_dropped():
    jingyuan = nodes(shaped(), "Company")["688096.SH"]
    assert "江苏京源环保股份有限公司" == jingyuan["fullname"]
    assert jingyuan["aliases"] is None  # 大连港股份有限公司 is not a former name of 京源环保


def test_industry_rows_of_companies_and_industries_the_other_files_lack_still_load():
    batch = shaped()
    assert "西力科技" == nodes(batch, "Company")["688616.SH"]["name"]
    assert "电工仪器仪表" == nodes(batch, "Industry")["sw:630804"]["name"]
    assert ("688616.SH", "sw:630804") in rels(batch, "IN_INDUSTRY")
    assert ("sw:370101", "sw:370100") in rels(batch, "PART_OF")


def test_product_names_lose_segment_prefixes_stray_quotes_and_accounting_lines():
    makes = rels(shaped(), "MAKES")
    assert ("603456.SH", "原料药") in makes          # 主营业务-原料药
    assert ("000513.SZ", "化学制剂") in makes        # 化学制剂”
    assert not any(p == "分部间抵销" for _, p in makes)
    assert ("002332.SZ", "“小品种”板块") in makes   # balanced quotes stay


def test_weights_outside_zero_to_one_are_kept_as_unknown():
    makes = rels(shaped(), "MAKES")
    assert makes[("002332.SZ", "“小品种”板块")]["weight"] is None
    assert 0.530662 == makes[("000513.SZ", "化学制剂")]["weight"]
    assert makes[("002326.SZ", "中间体")]["weight"] is None


def test_product_relations_point_from_material_to_product_and_from_subcategory_to_category():
    batch = shaped()
    upstream, sub = rels(batch, "UPSTREAM_OF"), rels(batch, "SUBCATEGORY_OF")
    assert ("中间体", "原料药") in upstream          # 原料药 上游材料 中间体
    assert ("化学制剂", "医院终端") in upstream      # 化学制剂 下游产品 医院终端
    assert ("甾体原料药", "原料药") in sub           # 原料药 产品小类 甾体原料药
    assert ("中间体", "中间体") not in upstream      # a product is not its own material
    assert "中药材" in nodes(batch, "Product")        # named only in a relation


def test_every_pool_fact_says_it_came_from_the_pool():
    batch = shaped()
    assert {"pool"} == {r["source"] for rows in batch.rels.values() for r in rows}


def test_a_linked_document_company_keeps_its_document_name_and_gains_the_pool_names():
    batch = shaped(existing={"603858.SH": {"name": "山东步长", "aliases": ["步长"]}})
    row = nodes(batch, "Company")["603858.SH"]
    assert row["name"] is None and row["local"] is None  # left as the document wrote them
    assert ["步长", "步长制药", "山东步长制药股份有限公司"] == row["aliases"]
    assert "603858.SH" == row["code"]


# --- loading ---------------------------------------------------------------------------------------


def _graph(store) -> tuple:
    counts = store.counts()
    makes = sorted((r["src"], r["dst"], r["weight"]) for r in store.query("pool_makes"))
    relations = sorted((r["type"], r["src"], r["dst"]) for r in store.query("pool_product_relations"))
    companies = sorted((r["id"], r["name"], r["fullname"], tuple(r["aliases"] or ())) for r in store.query("pool_companies"))
    return counts, makes, relations, companies


def test_loading_the_pool_twice_leaves_the_same_graph(store):
    first = pool.load_pool(store, TINY)
    before = _graph(store)
    second = pool.load_pool(store, TINY)
    assert before == _graph(store)
    assert first.rows == second.rows and second.unchanged > 0
    assert 14 == before[0]["Company"]


def test_loading_the_pool_twice_beside_documents_leaves_the_same_graph(store):
    from tests.test_gaps import document_like_batch

    store.write(document_like_batch())
    pool.load_pool(store, TINY)
    before = _graph(store), store.query("gap_links"), store.query("gap_covers")
    pool.load_pool(store, TINY)
    assert before == (_graph(store), store.query("gap_links"), store.query("gap_covers"))
    linked = next(c for c in before[0][3] if c[0] == "603858.SH")
    assert "山东步长" == linked[1]  # the document's name survives the second import


def test_a_malformed_pool_loads_nothing(store, tmp_path):
    directory = tmp_path / "pool"
    shutil.copytree(TINY, directory)
    shutil.copy(FIXTURES / "malformed" / "product_product.bad_rel.jsonl", directory / "product_product.jsonl")
    with pytest.raises(DatasetError):
        pool.load_pool(store, directory)
    assert 0 == sum(store.counts().values())


def test_the_cli_refuses_a_bad_pool_in_one_line(tmp_path, capsys):
    import argparse

    directory = tmp_path / "pool"
    shutil.copytree(TINY, directory)
    (directory / "industry.jsonl").unlink()
    parser = argparse.ArgumentParser()
    pool.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["pool", str(directory), "--store", str(tmp_path / "graph")])
    assert 2 == args.run(args)
    err = capsys.readouterr().err.strip().splitlines()
    assert 1 == len(err) and "industry.jsonl" in err[0]
    assert not (tmp_path / "graph" / "CURRENT").exists()


def test_the_cli_imports_a_pool(tmp_path, capsys):
    import argparse

    from graph.store import open_store

    parser = argparse.ArgumentParser()
    pool.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["pool", str(TINY), "--store", str(tmp_path / "graph")])
    assert 0 == args.run(args)
    assert "已导入企业库" in capsys.readouterr().out
    with open_store(str(tmp_path / "graph"), read_only=True) as s:
        assert 14 == s.counts()["Company"]


@pytest.mark.parametrize("kind", ["ladybug", pytest.param("neo4j", marks=[pytest.mark.neo4j, pytest.mark.slow])])
def test_the_whole_pool_loads_with_its_documented_sizes(kind, tmp_path):
    """About 15 s on the embedded store; two minutes on Neo4j (so marked slow there)."""
    need_shared(POOL)
    store = make_store(kind, tmp_path)
    try:
        _load_whole_pool(store)
    finally:
        store.close()


def _load_whole_pool(store):
    started = time.perf_counter()
    report = pool.load_pool(store, POOL)
    elapsed = time.perf_counter() - started
    counts = store.counts()
    # 4,654 rows fold to 4,586 codes (duplicates and codes without suffix), plus 103 companies known
    # only from company_industry.jsonl
    assert 4689 == counts["Company"] == report.companies
    assert report.products == counts["Product"]
    assert 51421 == len(store.query("pool_makes"))
    print(f"\nwhole pool on {store.dialect}: {elapsed:.1f} s ({report.summary()})")
