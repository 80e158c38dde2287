"""The project's exceptions.

Every error a user can cause derives from ChainKGError; the CLIs and the app catch it at the edge and
show its message, which names the fix. Causes are chained with ``raise ... from err``.

    ChainKGError
    ├── ConfigError              bad setting: CHAINKG_STORE, --store, NEO4J_* variables
    ├── StoreError               the graph store failed
    │   ├── StoreUnavailable     server not reachable, database locked or missing
    │   ├── StoreAuthError       credentials refused
    │   ├── QueryError           Cypher syntax or runtime error
    │   ├── QueryTimeout         a query ran past its time limit
    │   └── WriteRefused         a write was sent through the read-only analyst path
    ├── OntologyError            a label, relationship type or property unknown to the ontology
    ├── InputError               a file a user gave us cannot be used
    │   ├── DocumentError        a policy document: empty, binary, undecodable, truncated, too large
    │   ├── DatasetError         the national pool: a missing or malformed file (names file and line)
    │   └── CompanyListError     an enterprise list with invalid rows (carries the row report)
    └── NotFound                 a named thing (industry, node, query) does not exist; lists what does
"""


class ChainKGError(Exception):
    """Root of every error this project raises on purpose."""


class ConfigError(ChainKGError):
    """A setting is missing or malformed."""


class StoreError(ChainKGError):
    """The graph store failed."""


class StoreUnavailable(StoreError):
    """The store cannot be reached or opened."""


class StoreAuthError(StoreError):
    """The store refused the credentials."""


class QueryError(StoreError):
    """A Cypher statement failed to compile or run."""


class QueryTimeout(StoreError):
    """A query ran past its time limit."""


class WriteRefused(StoreError):
    """A statement that writes was sent through the read-only path."""


class OntologyError(ChainKGError):
    """A label, relationship type or property that the ontology does not define."""


class InputError(ChainKGError):
    """A file given by the user cannot be used."""


class DocumentError(InputError):
    """A policy document cannot be read or holds nothing to extract."""


class DatasetError(InputError):
    """A pool dataset file is missing or malformed."""


class CompanyListError(InputError):
    """An enterprise list has invalid rows.

    ``problems`` holds one ``(row, column, reason)`` tuple per problem; rows count the header as row 1.
    """

    def __init__(self, message, problems=()):
        super().__init__(message)
        self.problems = list(problems)


class NotFound(ChainKGError):
    """A named thing does not exist."""
