"""verify: check the numeric claims in a news draft against a store of sourced figures.

    from verify import check, read, default_store
    report = check(read("claims/jiangxi-economy.md"), default_store())

A draft too big to hold judged is read a verdict at a time: `for verdict in checking(doc, store)`.
"""

__version__ = "0.1.0"


def _run_changed_sources() -> None:
    """The pipeline's busiest modules are compiled at install, together (pyproject.toml):
    when the source of one changed since, in an editable install, they are all run from
    their sources, not from their old build (compiled modules call each other directly),
    with a word on stderr. A few directory reads at start-up."""
    import os

    here = os.path.dirname(__file__)
    compiled: dict[str, str] = {}  # module -> its source
    changed = []
    try:
        folders = [e.name for e in os.scandir(here) if e.is_dir() and not e.name.startswith(("_", "."))]
    except OSError:
        return
    for folder in folders:
        try:
            entries = {e.name: e for e in os.scandir(os.path.join(here, folder))}
        except OSError:
            return
        for name, entry in entries.items():
            stem, _, ext = name.partition(".")
            source = entries.get(stem + ".py")
            if source is None or not (ext.endswith(".so") or ext.endswith(".pyd")):
                continue
            compiled[f"{__name__}.{folder}.{stem}"] = source.path
            if source.stat().st_mtime > entry.stat().st_mtime:
                changed.append(f"{folder}/{stem}.py")
    if changed:
        import importlib.abc
        import importlib.util
        import sys

        class Sources(importlib.abc.MetaPathFinder):
            def find_spec(self, fullname, path, target=None):
                source = compiled.get(fullname)
                return importlib.util.spec_from_file_location(fullname, source) if source else None

        sys.meta_path.insert(0, Sources())
        print(
            f"verify: {', '.join(sorted(changed))} changed since verify was installed: its compiled modules run from"
            " their sources, slower (pip install -e . compiles them again)",
            file=sys.stderr,
        )


_run_changed_sources()

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
