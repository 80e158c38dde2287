"""Matcher throughput: synthetic companies with a business scope (经营范围) each, against every link
definition of the general lexicon at once (graph/matcher.py), beside a naive loop that tests every
term of every definition with ``in``, measured in the same run on the same texts.

    .venv/bin/python bench/bench_matcher.py                 # 500,000 companies (naive loop on 20,000)
    .venv/bin/python bench/bench_matcher.py --companies 50000 --naive 5000
    .venv/bin/python bench/bench_matcher.py --refresh 1000000   # + the coverage refresh at that scale

The texts are built like registry scopes: 一般项目：A；B；C … with five to fourteen items, a third of them
naming a product of the lexicon (with 的研发、生产、销售 / 制造 / 销售 around it), the rest the ordinary
activities every scope lists. The matcher runs twice on the same texts: with its segment cache (the
default: registry scopes repeat standard phrases) and without it, and both must place the same
companies on the same links. The figures print as a table and go to docs/benchmarks.matcher.json,
which docs/benchmarks.md quotes. Nothing here asserts a time: it reports.

``--refresh N`` also builds an embedded store in a temporary directory with the seed documents, the
national pool and N synthetic companies of bench/generate.py (the bulk path of bench/run.py), and
times the coverage refresh (graph.gaps.refresh_coverage: definitions, the matcher over the makers,
statuses, candidates) once more after the load's own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import Generator, Scale  # noqa: E402
from bench.run import bulk_load, load_seed  # noqa: E402
from graph import gaps  # noqa: E402
from graph.linkdefs import lexicon_definitions, load_lexicon  # noqa: E402
from graph.matcher import Matcher  # noqa: E402
from graph.store import open_store  # noqa: E402

OUT = ROOT / "docs" / "benchmarks.matcher.json"
# ordinary activities of a business scope (none names a chain product)
FILLER = ("技术服务", "技术开发", "技术咨询", "技术交流", "技术转让", "技术推广", "货物进出口", "技术进出口",
          "日用百货销售", "办公用品销售", "机械设备租赁", "普通货物仓储服务", "信息咨询服务", "会议及展览服务",
          "企业管理咨询", "市场营销策划", "五金产品批发", "建筑材料销售", "劳务服务", "物业管理",
          "非居住房地产租赁", "广告设计、代理", "工程和技术研究和试验发展", "销售代理", "国内贸易代理",
          "住房租赁", "装卸搬运", "包装服务", "专业保洁、清洗、消毒服务", "人力资源服务")
FORMS = ("{}的研发、生产、销售", "{}制造", "{}销售", "{}生产", "{}研发", "{}及配件", "{}")


def scopes(n: int, products: list[str], seed: int = 7):
    rng = random.Random(seed)
    for _ in range(n):
        items = []
        for _ in range(rng.randint(5, 14)):
            if rng.random() < 0.33:
                items.append(rng.choice(FORMS).format(rng.choice(products)))
            else:
                items.append(rng.choice(FILLER))
        yield "一般项目：" + "；".join(items) + "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）"


def naive(definitions, texts):
    """What a per-term loop does: every term of every definition tested with ``in``."""
    found = 0
    terms = [(d.link_id, [t.text for t in d.terms], d.exclusions) for d in definitions]
    for text in texts:
        for _link, words, exclusions in terms:
            if any(w in text for w in words) and not any(e in text for e in exclusions):
                found += 1
    return found


def refresh_at_scale(companies: int) -> dict:
    """Seeds + pool + ``companies`` synthetic companies in a fresh embedded store; the refresh timed."""
    where = tempfile.mkdtemp(prefix="chainkg-refresh-")
    try:
        store = open_store(str(Path(where) / "graph"))
        load_seed(store, {"pool": True})
        bulk = bulk_load(store, Generator(Scale().scaled(companies)).batches(100_000))
        t, cpu = time.perf_counter(), time.process_time()
        counts = gaps.refresh_coverage(store)
        out = {"companies": companies, "bulk_rows": bulk["rows"], "refresh_seconds": round(time.perf_counter() - t, 1),
               "refresh_cpu_seconds": round(time.process_time() - cpu, 1), "links": counts["links"],
               "pool_covers": counts["pool_covers"], "statuses": {k: counts[k] for k in gaps.STATUSES}}
        store.close()
        return out
    finally:
        shutil.rmtree(where, ignore_errors=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=500_000)
    parser.add_argument("--naive", type=int, default=20_000, help="companies for the naive loop")
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--refresh", type=int, default=0, metavar="N",
                        help="also time the coverage refresh with N synthetic companies (embedded store)")
    args = parser.parse_args(argv)

    lex = load_lexicon()
    t = time.perf_counter()
    definitions = list(lexicon_definitions(lex).values())
    matcher = Matcher(definitions, min_share=0.05, lexicon=lex)
    build = time.perf_counter() - t
    products = sorted(lex.all_terms())
    texts = list(scopes(args.companies, products))
    chars = sum(len(x) for x in texts) / len(texts)

    load_before = os.getloadavg()[0]

    def run(m):
        t, cpu = time.perf_counter(), time.process_time()
        matched = placements = 0
        for text in texts:
            found = m.match_company(scope=text)
            if found:
                matched += 1
                placements += len(found)
        return time.perf_counter() - t, time.process_time() - cpu, matched, placements

    seconds, cpu_seconds, matched, placements = run(matcher)
    cached_segments = len(matcher._cache)
    uncached = Matcher(definitions, min_share=0.05, lexicon=lex, cache_size=0)
    plain_seconds, plain_cpu, plain_matched, plain_placements = run(uncached)
    assert (plain_matched, plain_placements) == (matched, placements), "the segment cache changed a result"

    sample = texts[: args.naive]
    t, cpu = time.perf_counter(), time.process_time()
    naive(definitions, sample)
    naive_seconds, naive_cpu = time.perf_counter() - t, time.process_time() - cpu

    result = {
        "date": dt.date.today().isoformat(), "python": platform.python_version(), "cpus": os.cpu_count(),
        "definitions": len(definitions), "automaton_keys": matcher.size, "build_seconds": round(build, 3),
        "companies": len(texts), "mean_scope_chars": round(chars, 1), "seconds": round(seconds, 2),
        "companies_per_second": round(len(texts) / seconds), "cpu_seconds": round(cpu_seconds, 2),
        "companies_per_cpu_second": round(len(texts) / cpu_seconds), "segments_cached": cached_segments,
        "uncached_seconds": round(plain_seconds, 2), "uncached_companies_per_second": round(len(texts) / plain_seconds),
        "uncached_companies_per_cpu_second": round(len(texts) / plain_cpu), "companies_matched": matched,
        "placements": placements, "naive_companies": len(sample), "naive_seconds": round(naive_seconds, 2),
        "naive_companies_per_second": round(len(sample) / naive_seconds),
        "naive_companies_per_cpu_second": round(len(sample) / naive_cpu),
        "load_average_before": round(load_before, 2), "load_average_after": round(os.getloadavg()[0], 2),
    }
    if args.refresh:
        result["refresh_at_scale"] = refresh_at_scale(args.refresh)
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"| matcher | {result['definitions']} link definitions, {result['automaton_keys']} automaton keys |")
    print("|---|---|")
    print(f"| Aho-Corasick matcher | {result['companies']:,} companies in {result['seconds']} s: "
          f"**{result['companies_per_second']:,} companies/s** ({result['companies_per_cpu_second']:,} per CPU "
          f"second; scope {result['mean_scope_chars']} chars on average) |")
    print(f"| the same, segment cache off | {result['companies']:,} companies in {result['uncached_seconds']} s: "
          f"{result['uncached_companies_per_second']:,} companies/s ({result['uncached_companies_per_cpu_second']:,} "
          "per CPU second) |")
    print(f"| naive per-term `in` loop | {result['naive_companies']:,} companies in {result['naive_seconds']} s: "
          f"{result['naive_companies_per_second']:,} companies/s ({result['naive_companies_per_cpu_second']:,} "
          "per CPU second) |")
    print(f"| machine | load average {result['load_average_before']} before, {result['load_average_after']} after |")
    print(f"| placed | {matched:,} companies matched, {placements:,} link placements |")
    if args.refresh:
        r = result["refresh_at_scale"]
        print(f"| coverage refresh | {r['companies']:,} synthetic companies + seeds + pool: {r['refresh_seconds']} s "
              f"({r['refresh_cpu_seconds']} CPU s), {r['links']:,} links, statuses {r['statuses']} |")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
