"""verify: check the numeric claims in a news draft against a store of sourced figures.

    from verify import check, read, default_store
    report = check(read("claims/jiangxi-economy.md"), default_store())

A draft too big to hold judged is read a verdict at a time: `for verdict in checking(doc, store)`.
"""

__version__ = "0.1.0"

__all__ = ["check", "checking", "read", "parse", "extract", "Store", "default_store", "__version__"]


def __getattr__(name):  # imports on first use keep `verify --help` fast
    if name in ("check", "checking"):
        from . import api

        return getattr(api, name)
    if name in ("read", "parse"):
        from .reading import document

        return getattr(document, name)
    if name == "extract":
        from .reading.quantities import extract

        return extract
    if name == "Store":
        from .store.db import Store

        return Store
    if name == "default_store":
        from .store.seeds import default_store

        return default_store
    raise AttributeError(name)
