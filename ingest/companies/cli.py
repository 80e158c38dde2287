"""``python -m ingest companies FILE [--store URI] [--sheet NAME] [--skip-invalid]``."""

from __future__ import annotations

import sys

from graph.errors import CompanyListError
from graph.store import open_store
from ingest.companies.importer import format_problems, format_report, import_company_list


def add_arguments(parser) -> None:
    """``python -m ingest companies FILE [--store URI] [--sheet NAME] [--skip-invalid]``."""
    parser.add_argument("file", metavar="FILE", help="company list: .csv (UTF-8 or GB18030) or .xlsx")
    parser.add_argument("--store", help="directory of the embedded store or a Neo4j URI (default: CHAINKG_STORE)")
    parser.add_argument("--sheet", metavar="NAME", help="worksheet of an .xlsx file (default: the first)")
    parser.add_argument("--skip-invalid", action="store_true",
                        help="load the valid rows and report the invalid ones (default: load nothing)")


def run(args) -> int:
    """Import a list. Exit 0 when rows were loaded (with ``--skip-invalid`` the skipped rows are
    listed on stderr); 2 when nothing was loaded: invalid rows (all listed on stderr) or an unusable
    file (raised as :class:`CompanyListError` for the CLI's edge to print)."""
    with open_store(args.store) as store:
        try:
            report = import_company_list(store, args.file, sheet=args.sheet, skip_invalid=args.skip_invalid)
        except CompanyListError as err:
            if not err.problems:
                raise
            print(f"错误: {err}", file=sys.stderr)
            print(format_problems(err.problems), file=sys.stderr)
            return 2
    print(format_report(report, problems=False))
    if report.problems:
        print(f"已跳过 {len(report.invalid_rows)} 行有错误的行:", file=sys.stderr)
        print(format_problems(report.problems), file=sys.stderr)
    return 0
