"""Edit a chain link's definition (环节定义): ``python -m graph.define LINK --add-term 玻纤纱`` (or
``--remove-term``, ``--add-exclusion``, ``--remove-exclusion``).

The edit is checked (graph.linkdefs.check_edit: a generic stage word alone is refused), kept as a
``definition`` entry of the user's decisions (graph.decisions, so it survives rebuilds) and the
coverage table is worked out again (graph.settle.after_load), in this process: the app's 核实清单
page runs it as a subprocess and keeps serving meanwhile. One Chinese line on bad input, exit 2.
"""

from __future__ import annotations

import argparse
import sys

from graph import browse, decisions, gaps
from graph.errors import ChainKGError
from graph.linkdefs import check_edit
from graph.settle import after_load
from graph.store import open_store

OPS = {"add_term": ("terms", "add"), "remove_term": ("terms", "remove"),
       "add_exclusion": ("exclusions", "add"), "remove_exclusion": ("exclusions", "remove")}
OP_WORDS = {"add_term": "添加产品词", "remove_term": "去掉产品词", "add_exclusion": "添加排除词",
            "remove_exclusion": "去掉排除词"}


def edit_definition(store, link_id: str, op: str, term: str) -> dict:
    """Record one edit of ``link_id``'s definition and refresh the coverage table; returns the
    links per status after it."""
    browse.get_node(store, "ChainLink", link_id)  # a link of this graph, or NotFound naming the fix
    checked = check_edit({"op": op, "term": term})
    field, how = OPS[checked["op"]]
    decisions.record({"kind": "definition", "link": link_id, "field": field, "op": how, "value": checked["term"]})
    return after_load(store)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m graph.define",
                                     description="Edit a chain link's definition (kept in data/decisions.json).")
    parser.add_argument("link", help="ChainLink id (INDUSTRY|A→B→C#POSITION, see `graph gaps --json`)")
    group = parser.add_mutually_exclusive_group(required=True)
    for op in OPS:
        group.add_argument(f"--{op.replace('_', '-')}", dest=op, metavar="TERM")
    parser.add_argument("--store", help="directory of the embedded store or a Neo4j URI (default: CHAINKG_STORE)")
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    op = next(o for o in OPS if getattr(args, o) is not None)
    try:
        with open_store(args.store) as store:
            counts = edit_definition(store, args.link, op, getattr(args, op))
    except ChainKGError as err:
        print(f"错误: {err}", file=sys.stderr)
        return 2
    print(f"已{OP_WORDS[op]}「{getattr(args, op).strip()}」: {args.link}; 环节状态: "
          + "、".join(f"{s} {counts.get(s, 0)}" for s in gaps.STATUSES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
