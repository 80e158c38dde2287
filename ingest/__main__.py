"""Command line: ``python -m ingest extract FILE [FILE ...] [--json]``, ``python -m ingest build [DIR]``.

Subcommands are registered in ``COMMANDS`` (name -> (add_arguments, run)); ``main`` parses the
arguments, dispatches, and turns a ``ChainKGError`` into one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys

from graph.errors import ChainKGError
from ingest.extract.resolve import resolve_across
from ingest.pipeline import cross_link, extract_file

EXIT_OK, EXIT_NOTHING, EXIT_ERROR = 0, 1, 2


def _extract_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="policy documents (.txt, .docx, .pdf)")
    p.add_argument("--json", action="store_true", help="print one JSON object with the gold list names")


def combine(extractions) -> dict:
    """One JSON object for several documents: lists concatenated, cross-links across them."""
    resolve_across(extractions)
    out: dict = {"documents": [e.document() for e in extractions]}
    if len(extractions) == 1:
        out["document"] = extractions[0].document()
    for e in extractions:
        for name, items in e.to_json().items():
            if name != "document":
                out.setdefault(name, []).extend(items)
    out["cross_links"] = cross_link(extractions)
    return out


def _summary(data: dict) -> str:
    lines = []
    for doc in data["documents"]:
        lines.append(
            f"文档：{doc.get('title') or doc['doc']}（{doc.get('number') or '无文号'}，{doc.get('date') or '无日期'}）"
        )
    labels = [
        ("industries", "产业"),
        ("companies", "企业"),
        ("parks", "园区/载体"),
        ("departments", "责任部门"),
        ("chains", "产业链"),
        ("targets", "目标"),
        ("projects", "项目"),
        ("technologies", "技术"),
        ("products", "产品"),
        ("cross_links", "跨文档关联"),
        ("generic_actors", "泛指主体"),
    ]
    for key, label in labels:
        items = data.get(key) or []
        if key == "chains":
            examples = ["→".join(c["links"]) for c in items[:3]]
        elif key == "targets":
            examples = [f"{t['year']}年 {t['subject']} {t['value']}{t['unit']}" for t in items[:3]]
        elif key == "cross_links":
            examples = [f"{c['from']}→{c['to']}" for c in items[:3]]
        else:
            examples = [it["name"] for it in items[:5]]
        lines.append(f"{label}：{len(items)} 项" + (f"，例如：{'；'.join(examples)}" if examples else ""))
    return "\n".join(lines)


def _extract_run(args) -> int:
    extractions = []
    for path in args.files:
        ex = extract_file(path)
        if ex.found_nothing():
            print(f"错误: {ex.nothing_found(str(path))}", file=sys.stderr)
            return EXIT_NOTHING
        extractions.append(ex)
    data = combine(extractions)
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print(_summary(data))
    return EXIT_OK


# name -> (module, its add-arguments function, its run function, help). A command's module is imported
# only when that command runs (or for the full --help): `extract` starts without the store and
# analysis code, which `build`, `pool` and `companies` need (about 0.3 s of imports).
COMMANDS = {
    "extract": (__name__, "_extract_arguments", "_extract_run",
                "extract entities and relations from policy documents"),
    "build": ("ingest.load", "add_build_arguments", "run_build", "load every document of a folder into the store"),
    "pool": ("ingest.pool", "add_arguments", "run", "import the national enterprise pool (chain-kg format)"),
    "companies": ("ingest.companies", "add_arguments", "run", "import a local company list (.csv/.xlsx)"),
}


def _command(name: str):
    """(add arguments, run) of command ``name``."""
    module, add, run, _help = COMMANDS[name]
    found = sys.modules[__name__] if module == __name__ else importlib.import_module(module)
    return getattr(found, add), getattr(found, run)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, the arguments of that command alone are set up."""
    parser = argparse.ArgumentParser(prog="python -m ingest", description="chainkg document ingest")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (_module, _add, _run, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text)
        if only is None or name == only:
            _command(name)[0](command)
    return parser


def main(argv=None) -> int:
    logging.getLogger("jieba").setLevel(logging.ERROR)
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(argv[0] if argv and argv[0] in COMMANDS else None).parse_args(argv)
    run = _command(args.command)[1]
    try:
        return run(args)
    except ChainKGError as err:
        print(f"错误: {err}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
