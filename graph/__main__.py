"""Command line: ``python -m graph COMMAND``.

    query "CYPHER" [--param k=v ...] [--json]   read-only query (writes are refused)
    counts [--json]                              nodes per label
    gaps [--industry NAME] [--json | --xlsx PATH | --csv PATH]
                                                 缺链/弱链/强链, 招商 candidates and context (graph.gaps)
    quality [--json]                             data-quality report
    assign COMPANY LINK [--note TEXT]            a user's coverage (COVERS via manual), kept across rebuilds
    link-terms [--industry NAME] [--json]        each link's definition: terms, their sources, exclusions
    review [--industry NAME] [--json]            the review queue (核实清单): proposals with their evidence
    review confirm|reject|place COMPANY LINK     decide one (kept in data/decisions.json)
    brief COMPANY [--out PATH]                   a one-page 招商 brief of a target company (Word)

Every command takes ``--store`` (a directory or a Neo4j URI; default CHAINKG_STORE, else data/graph).
Errors print one line naming the fix and exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys

from graph import brief, export, gaps, quality, review
from graph.errors import ChainKGError
from graph.settle import after_load, assign
from graph.store import open_store


def _print_table(columns: list[str], rows: list[dict]) -> None:
    def cell(value) -> str:
        if isinstance(value, (dict, list)):
            return json.dumps(value, ensure_ascii=False, default=str)
        return "" if value is None else str(value)

    print("\t".join(columns))
    for row in rows:
        print("\t".join(cell(row.get(c)) for c in columns))


def _params(pairs: list[str]) -> dict:
    """``k=v`` pairs; values that parse as JSON (numbers, lists, true) keep that type."""
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ChainKGError(f"--param 应写成 名称=值, 现为 {pair!r}")
        try:
            out[key] = json.loads(value)
        except json.JSONDecodeError:
            out[key] = value
    return out


def cmd_query(store, args) -> int:
    result = store.analyst_query(args.cypher, _params(args.param), timeout=args.timeout, row_cap=args.limit)
    if args.json:
        print(json.dumps(result.rows, ensure_ascii=False, default=str, indent=1))
    else:
        _print_table(result.columns, result.rows)
    if result.truncated:
        print(f"(结果已截断为 {len(result.rows)} 行; 用 --limit 或 CHAINKG_ROW_CAP 调整)", file=sys.stderr)
    return 0


def cmd_counts(store, args) -> int:
    counts = store.counts()
    if args.json:
        print(json.dumps(counts, ensure_ascii=False))
    else:
        for label, n in counts.items():
            print(f"{label}\t{n}")
    return 0


def cmd_gaps(store, args) -> int:
    report = gaps.analyse(store, industry=args.industry)
    if args.json:
        print(json.dumps(gaps.to_contract(report), ensure_ascii=False, indent=1))
    elif args.xlsx:
        path = export.write_xlsx(report, args.xlsx, sources=export.sources_of(store))
        print(f"已写入 {path}: {len(report['chains'])} 条产业链, {len(report['targets'])} 家招商目标企业")
    elif args.csv:
        path = export.write_csv(report, args.csv)
        print(f"已写入 {path}: {sum(len(c['links']) for c in report['chains'])} 个环节")
    else:
        print(export.text_table(report))
    return 0


def cmd_brief(store, args) -> int:
    data = brief.brief(store, args.company)
    path = brief.write_docx(data, args.out or f"招商简报-{data['name']}.docx")
    print(f"已写入 {path}: {data['name']} 可补 {len(data['closes'])} 个缺口环节")
    return 0


def cmd_link_terms(store, args) -> int:
    rows = gaps.link_definitions(store, industry=args.industry)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for d in rows:
        where = "、".join(d["read_in"]) or "词库无对应产业链"
        print(f"【{d['industry']}】{d['chain_name']} › {d['position']}. {d['name']}"
              f"{'（泛称环节）' if d['generic'] else ''}  读作: {where}")
        shown = [f"{t['term']}({t['source']})" for t in d["terms"][:args.top]]
        more = len(d["terms"]) - len(shown)
        print("  产品词: " + ("、".join(shown) if shown else "无 (不匹配任何产品)") + (f" 等{len(d['terms'])}个" if more > 0 else ""))
        if d["exclusions"]:
            print("  排除: " + "、".join(d["exclusions"]))
    return 0


def cmd_review(store, args) -> int:
    if args.decision:
        if not (args.company and args.link):
            raise ChainKGError("review confirm|reject|place 需要企业 id 和环节 id: python -m graph review confirm 企业ID 环节ID")
        review.decide(store, args.decision, args.company, args.link)
        counts = after_load(store)
        words = {"confirm": "已确认", "reject": "已否决", "place": "已放置"}
        print(f"{words[args.decision]}: {args.company} › {args.link}; 环节状态: "
              + "、".join(f"{s} {counts[s]}" for s in gaps.STATUSES))
        return 0
    items = review.proposals(gaps.analyse(store, industry=args.industry))
    if args.json:
        print(json.dumps(review.to_contract(items), ensure_ascii=False, indent=1))
        return 0
    if not items:
        print("核实清单为空: 没有待确认的放置或未放置的成员企业")
    for p in items:
        where = f"{p['chain']} › {p['link']}" if p["link"] else f"{p['chain']} (未放置到环节)"
        ids = f"{p['company_id']} {p['link_id']}" if p["link_id"] else f"{p['company_id']} 环节ID"
        print(f"【{p['industry']}】{p['company']}: {where} [{p['grade'] or '待放置'}]\t{p['evidence']}\t"
              f"(python -m graph review confirm|reject|place {ids})")
    return 0


def cmd_assign(store, args) -> int:
    assign(store, args.company, args.link, note=args.note)
    print(f"已指定: {args.company} 覆盖环节 {args.link}")
    return 0


COMMANDS = {"query": cmd_query, "counts": cmd_counts, "gaps": cmd_gaps, "quality": quality.cmd_quality,
            "assign": cmd_assign, "link-terms": cmd_link_terms, "review": cmd_review, "brief": cmd_brief}
# commands that only read open the store read-only (they may run beside a writer)
READ_ONLY = {"query", "counts", "gaps", "quality", "link-terms", "brief"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m graph", description="chainkg graph commands")
    sub = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--store", help="directory of the embedded store or a Neo4j URI (default: CHAINKG_STORE)")

    q = sub.add_parser("query", parents=[common], help="run a read-only Cypher query")
    q.add_argument("cypher")
    q.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
    q.add_argument("--json", action="store_true", help="print a JSON list of objects keyed by column")
    q.add_argument("--timeout", type=float, help="seconds, 0.5 to 3600 (default CHAINKG_QUERY_TIMEOUT or 10)")
    q.add_argument("--limit", type=int, help="row cap (default CHAINKG_ROW_CAP or 1000)")

    t = sub.add_parser("link-terms", parents=[common], help="环节定义: each link's product terms and exclusions",
                       description="The definition of every chain link: the product terms that put a company on "
                                   "it (with where each comes from) and its exclusions.")
    t.add_argument("--industry", metavar="NAME", help="one industry (a sector includes its segments)")
    t.add_argument("--json", action="store_true", help="print the definitions as JSON")
    t.add_argument("--top", type=int, default=12, help="terms shown per link in the table (default 12)")

    r = sub.add_parser("review", parents=[common], help="核实清单: proposals to confirm, reject or place",
                       description="The review queue: unconfirmed 文件提及 / 产品匹配 placements and member companies "
                                   "not yet on a link; decide one with confirm, reject or place.")
    r.add_argument("decision", nargs="?", choices=review.DECISIONS, help="confirm | reject | place")
    r.add_argument("company", nargs="?", help="Company id (as review --json or gaps --json show it)")
    r.add_argument("link", nargs="?", help="ChainLink id (INDUSTRY|A→B→C#POSITION)")
    r.add_argument("--industry", metavar="NAME", help="one industry (a sector includes its segments)")
    r.add_argument("--json", action="store_true", help="print the proposals as JSON")

    b = sub.add_parser("brief", parents=[common], help="招商简报: a one-page Word brief of a target company",
                       description="A one-page 招商 brief (Word) of a company that closes some of the city's gaps.")
    b.add_argument("company", help="short name, full name or stock code (as `gaps` lists the targets)")
    b.add_argument("--out", metavar="PATH", help="the .docx to write (default 招商简报-NAME.docx)")

    c = sub.add_parser("counts", parents=[common], help="nodes per label")
    c.add_argument("--json", action="store_true")

    g = sub.add_parser("gaps", parents=[common], help="chain gaps (缺链/弱链/强链), candidates and context",
                       description="Gap analysis of the industrial chains; weak below CHAINKG_GAP_K (default 2) "
                                   "local companies.")
    g.add_argument("--industry", metavar="NAME", help="one industry (a sector includes its segments)")
    out = g.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the JSON report")
    out.add_argument("--xlsx", metavar="PATH", help="write the 招商 workbook (Excel)")
    out.add_argument("--csv", metavar="PATH", help="write one row per link (UTF-8 with BOM)")

    quality.add_quality_arguments(sub.add_parser("quality", parents=[common], help="数据质量检查"))

    a = sub.add_parser("assign", parents=[common], help="record by hand that a company sits on a chain link")
    a.add_argument("company", help="Company id (e.g. co:NAME or a stock code)")
    a.add_argument("link", help="ChainLink id (INDUSTRY|A→B→C#POSITION, see `gaps --json`)")
    a.add_argument("--note", help="why (kept as the evidence)")
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        read_only = args.command in READ_ONLY or (args.command == "review" and not args.decision)
        with open_store(args.store, read_only=read_only) as store:
            return COMMANDS[args.command](store, args)
    except ChainKGError as err:
        print(f"错误: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
