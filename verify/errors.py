"""The errors verify raises when it cannot do its job.

A verdict is a result, never an exception: a contradicted claim is a normal report.
Only failures of the tool itself raise, and all of them derive from VerifyError::

    VerifyError                      the tool could not do its job (CLI exit 2)
    ├── InputError(ValueError)       a draft or source is missing, unreadable, not text
    ├── StoreError                   the store is missing, damaged, or of another version
    ├── UnitError(ValueError)        a unit expression that neither verify nor pint knows
    └── UsageError(ValueError)       an option or argument value that makes no sense

Each error builds its one-line message from structured fields: what went wrong,
where, and how to fix it. The CLI turns any of them into exit code 2 in one place
(`verify.adapters.cli.main`); the server, into an HTTP status (`status` below).
"""

from __future__ import annotations


class VerifyError(Exception):
    """Base of every error verify raises on purpose."""

    status = 500  # the HTTP status a server answers with

    def __init__(self, what: str, where: str | None = None, fix: str | None = None):
        super().__init__(what)
        self.what = what
        self.where = where
        self.fix = fix

    def __str__(self) -> str:
        msg = f"{self.where}: {self.what}" if self.where else self.what
        return f"{msg} ({self.fix})" if self.fix else msg


class InputError(VerifyError, ValueError):
    """A draft or source document cannot be read as text."""

    status = 400


class StoreError(VerifyError):
    """The store cannot be opened, read or written."""

    status = 503


class UnitError(VerifyError, ValueError):
    """A unit expression is not known."""

    status = 400

    def __init__(self, expr: str, problem: str):
        super().__init__(f"unit {expr!r} {problem}", fix="write a unit pint understands, such as 'kilometer / hour'")
        self.expr = expr


class UsageError(VerifyError, ValueError):
    """An option or argument value makes no sense."""

    status = 400


# ---- the store's surroundings and the service's limits ----------------------------------
# What the disk, the other writers and the time limit can do to a run, each named by its
# cause (verify.store.db turns SQLite's error codes into these; the server adds Retry-After
# where waiting helps):
#
#   StoreError
#   ├── StoreBusyError             another writer holds the store's lock     503, Retry-After
#   ├── StoreAccessError           its folder is missing or read-only        503
#   ├── StoreFullError             the disk it is on is full                 507
#   └── StoreDamagedError          its file is damaged                       503
#   VerifyError
#   ├── TimeLimitError             a request ran out of time                 503
#   └── OverloadedError            too many requests are waiting             503, Retry-After


class StoreBusyError(StoreError):
    """Another writer held the store's lock for longer than verify waits."""

    code = "store_busy"
    retry_after = 5  # seconds: about as long as a large ingest holds the lock


class StoreAccessError(StoreError):
    """The store, or the folder it is in, cannot be opened or written."""

    code = "store_unavailable"


class StoreFullError(StoreError):
    """The disk the store is on has no room left."""

    status = 507
    code = "store_full"


class StoreDamagedError(StoreError):
    """The store's file is damaged: SQLite finds it malformed."""

    code = "store_damaged"


class TimeLimitError(VerifyError):
    """A request took longer than the service gives one; its work was stopped."""

    status = 503
    code = "time_limit"


class OverloadedError(VerifyError):
    """More requests are waiting for a worker than the service queues."""

    status = 503
    code = "overloaded"
    retry_after = 2
