"""The error hierarchy: every message names the file, line or value at fault."""


class CasegraphError(Exception):
    """Base class of every error casegraph raises on purpose."""


class InputError(CasegraphError):
    """An input file or line cannot be read as an article."""


class ExportError(CasegraphError):
    """An output could not be written; previous outputs are intact."""


class QueryError(CasegraphError):
    """A query is refused, malformed, or ran past its limits."""


class BuildLockedError(CasegraphError):
    """Another build holds the output directory."""


class QueryTimeoutError(QueryError):
    """A query ran past its time limit and was stopped."""
