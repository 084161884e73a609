"""What verify keeps between runs, under the user's cache directory: the default store
(`verify.store.seeds`), the programs of its regular expressions, and its JSON data files in
a form that loads faster.

Python compiles a regular expression with Python code (`re._parser`, `re._compiler`).
verify reads text with a few hundred patterns, many holding Chinese character classes,
and compiling them cost ~50 ms at every start (a third of a `verify check`).
`regex(pattern, flags)` compiles a pattern once per machine: the program the compiler
makes of it (a list of integers) is kept in a file named by the Python version and the
regular-expression engine's MAGIC number, and later runs hand it straight to the engine.
The engine validates every program it is given, and a pattern is looked up by its full
text and flags; a cache file that is missing, stale, corrupt or unwritable only means
compiling as usual. Only verify's own patterns (from its code and data files) are kept,
never ones built from input.

`kept(key, make)` keeps a pattern's text built from verify's data the same way.

`data(path)` reads one of verify's JSON data files (the compiled glossary, gazetteer and
unit table: ~800 KB parsed at every run) from a marshal copy kept in the cache, named
by the file's path, size and time of last change, so an edited or reinstalled file is
read afresh.
"""

from __future__ import annotations

import atexit
import importlib
import marshal
import os
import re
import sys
import zlib
from array import array
from collections.abc import Callable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any, cast

try:  # CPython's engine and compiler; elsewhere every pattern is compiled as usual
    import _sre
    from re import _compiler, _constants, _parser  # type: ignore[attr-defined]  # re's private modules: typeshed has no stubs for them
except ImportError:  # pragma: no cover
    _sre = None

LIMIT = 5000  # patterns a cache file holds at most


def directory() -> Path:
    """The user's cache directory for verify: $VERIFY_CACHE_DIR, else $XDG_CACHE_HOME/verify,
    else ~/.cache/verify."""
    if os.environ.get("VERIFY_CACHE_DIR"):
        return Path(os.environ["VERIFY_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "verify"


def _file() -> Path:
    return directory() / f"regex2-{sys.implementation.cache_tag}-{getattr(_sre, 'MAGIC', 0)}.marshal"


_programs: dict | None = None  # (pattern, flags) -> its program, `_packed`
_added = 0  # programs compiled in this run and not yet written


def _load() -> dict:
    global _programs
    if _programs is None:
        _programs = {}
        try:
            loaded = marshal.loads(_file().read_bytes())
            if isinstance(loaded, dict):
                _programs = loaded
        except (OSError, ValueError, EOFError, TypeError):
            pass
        atexit.register(save)
    return _programs


# this run's patterns, for the calls inside functions: by (text, flags), or by the text alone
# for no flags (most calls): a call in a loop then makes no tuple (it is half as costly)
_compiled: dict[str | tuple[str, int], re.Pattern] = {}


def regex(pattern: str, flags: int = 0) -> re.Pattern:
    """`re.compile(pattern, flags)`, from the program kept by an earlier run when there is
    one, compiled when it is first used (a check uses about half of the ~280 patterns its
    modules define); a pattern asked for again in the same run is the same object."""
    key = (pattern, int(flags)) if flags else pattern
    done = _compiled.get(key)
    if done is None:
        done = _compiled[key] = cast(re.Pattern, _Lazy(pattern, int(flags)))
    return done


class _Lazy:
    """A pattern compiled when one of its methods or attributes is first asked for: then
    they are put on the object itself, so that later uses cost what a compiled pattern's
    do. Its text, `pattern`, is known before."""

    _COPIED = (
        *("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner"),
        *("flags", "groups", "groupindex"),
    )  # a compiled pattern's methods and attributes, put on the object when it is compiled

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = _compile(self.pattern, self._flags)
        for attribute in self._COPIED:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"regex({self.pattern!r}, {self._flags})"


def _compile(pattern: str, flags: int) -> re.Pattern:
    global _added
    if _sre is None:
        return re.compile(pattern, flags)
    programs = _load()
    kept_ = programs.get((pattern, flags))
    if kept_ is not None:
        try:
            return _sre.compile(pattern, *_unpacked(kept_))
        except Exception:  # a program this engine rejects: compile it again
            pass
    try:
        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        held = (
            int(flags | parsed.state.flags),
            [int(c) for c in code],
            parsed.state.groups - 1,
            groupindex,
            tuple(indexgroup),
        )  # plain ints: the compiler's opcodes are an int subclass marshal refuses
        compiled = _sre.compile(pattern, *held)
    except re.error:
        raise
    except Exception:  # a Python whose compiler works otherwise
        return re.compile(pattern, flags)
    if len(programs) < LIMIT and max(held[1], default=0) < 1 << 32:
        programs[(pattern, flags)] = _packed(held)
        _added += 1
    return compiled


def _packed(held: tuple) -> bytes:
    """A program as the cache file keeps it: marshalled on its own (the file's ~500
    programs are not all decoded at every start, only those a run uses), its code as
    32-bit words (decoded at once, where a list of ints is decoded one int at a time)."""
    flags, code, groups, groupindex, indexgroup = held
    return marshal.dumps((flags, array("I", code).tobytes(), groups, groupindex, indexgroup))


def _unpacked(kept_: bytes) -> tuple:
    flags, code, groups, groupindex, indexgroup = marshal.loads(kept_)
    return flags, array("I", code).tolist(), groups, groupindex, indexgroup


def kept(key: tuple, make: Callable[[], str]) -> str:
    """`make()`, a pattern's text that verify builds from its own data (a trie of unit
    names, of hedge words), kept with the programs: building one costs a millisecond or
    two at every start. `key` holds everything the text is built from; a kept value that
    is not a string is built again."""
    global _added
    if _sre is None:
        return make()
    kept_ = _load()
    held = kept_.get(key)
    if isinstance(held, str):
        return held
    made = make()
    if len(kept_) < LIMIT:
        kept_[key] = made
        _added += 1
    return made


def imported(name: str) -> ModuleType:
    """`importlib.import_module(name)` for a library that compiles regular expressions as it
    loads (markdown-it-py compiles ~60, ~5 ms at every start), with their programs from the
    cache: the patterns a library compiled when it was first loaded are kept under its
    name, and before it loads again their programs are put in `re`'s own cache, where its
    `re.compile` calls find them. A pattern it compiles that was not kept (a new version of
    it) is added to its list. Where `re` keeps no such cache, the library loads as usual."""
    global _added
    if name in sys.modules:
        return sys.modules[name]
    cache = getattr(re, "_cache", None)
    if _sre is None or not isinstance(cache, dict):
        return importlib.import_module(name)
    programs = _load()
    listed = programs.get(("imported", name))
    known = set(listed) if isinstance(listed, list) else set()
    for pattern, flags in known:
        if (str, pattern, flags) not in cache:
            cache[str, pattern, flags] = _compile(pattern, flags)
    before = set(cache)
    module = importlib.import_module(name)
    new = {(k[1], k[2]) for k in cache if k not in before and k[0] is str} - known
    if new and len(programs) < LIMIT:
        for pattern, flags in new:
            _compile(pattern, flags)  # its program kept
        programs[("imported", name)] = sorted(known | new)
        _added += 1
    return module


def needles(pattern: str, flags: int = 0) -> list[str]:
    """Words one of which every match of `pattern` holds (lowercase, and ASCII only, when
    it is read case-insensitively), so that a text holding none of them need not be
    searched: the literal run, group or alternation of the pattern's sequence whose
    shortest word is longest ("guidance" of "(?:its|the) guidance|guidance for", "季度"
    of "(?:2023年)?第?[一二三四]季度"). [] when the pattern promises no word of two
    letters or one Chinese character (the pattern is then always searched)."""
    blind = bool(flags & re.I)

    def usable(words: set[str] | None) -> bool:
        return bool(words) and all(w and (w.isascii() or not blind) for w in words)  # type: ignore[union-attr]

    def shortest(words: set[str]) -> int:  # a Chinese character says as much as two letters
        return min(len(w) if w.isascii() else 2 * len(w) for w in words)

    def of(items) -> set[str] | None:  # a sequence: the best of what its parts promise
        best: set[str] | None = None
        run: list[str] = []

        def consider(words: set[str] | None) -> None:
            nonlocal best
            if usable(words) and (best is None or shortest(words) > shortest(best)):  # type: ignore[arg-type]
                best = words

        for op, av in items:
            if op is _constants.LITERAL:
                run.append(chr(av).lower() if blind else chr(av))
                continue
            consider({"".join(run)} if run else None)
            run = []
            if op is _constants.SUBPATTERN:
                consider(of(av[3]))
            elif op is _constants.BRANCH:
                alternatives = [of(a) for a in av[1]]
                consider(None if any(a is None for a in alternatives) else set().union(*alternatives))  # type: ignore[arg-type]
            elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT) and av[0] >= 1:
                consider(of(av[2]))
            elif op is _constants.ATOMIC_GROUP:
                consider(of(av))
        consider({"".join(run)} if run else None)
        return best

    def make() -> str:
        found = of(_parser.parse(pattern, flags)) if _sre is not None else None
        return "\n".join(sorted(found)) if found and shortest(found) >= 2 else ""

    made = kept(("needles", pattern, int(flags)), make)
    return made.split("\n") if made else []


class Sections(Mapping):
    """A data file's top-level tables, each decoded the first time it is asked for (a
    check of an English draft never reads the Chinese name index)."""

    def __init__(self, blobs: dict[str, bytes]) -> None:
        self._blobs = blobs
        self._done: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        if key not in self._done:
            self._done[key] = marshal.loads(self._blobs[key])
        return self._done[key]

    def __iter__(self):
        return iter(self._blobs)

    def __len__(self) -> int:
        return len(self._blobs)


def data(path: Path) -> Any:
    """The parsed contents of a JSON data file, from the cache's marshal copy when it is
    current; a JSON object comes back as `Sections`, its tables decoded as they are used."""
    st = path.stat()
    where = f"{zlib.crc32(str(path.resolve()).encode()):08x}"  # two checkouts keep two copies
    kept = directory() / f"tables-{path.stem}-{where}-{st.st_size}-{st.st_mtime_ns}.marshal"
    try:
        blobs = marshal.loads(kept.read_bytes())
        if isinstance(blobs, dict) and all(isinstance(b, bytes) for b in blobs.values()):
            return Sections(blobs)
    except (OSError, ValueError, EOFError, TypeError):
        pass
    with path.open("rb") as f:
        import json  # only when the marshal copy is missing: json's patterns come from the cache otherwise

        parsed = json.load(f)
    if not isinstance(parsed, dict):
        return parsed
    tmp = kept.with_name(f"{kept.name}.{os.getpid()}.tmp")
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        for old in kept.parent.glob(f"tables-{path.stem}-{where}-*.marshal"):  # earlier versions of the file
            old.unlink(missing_ok=True)
        tmp.write_bytes(marshal.dumps({k: marshal.dumps(v) for k, v in parsed.items()}))
        os.replace(tmp, kept)
    except (OSError, ValueError):  # no cache: the JSON serves
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
    return parsed


def save() -> None:
    """Write the programs compiled in this run (at exit; atomic, so runs at once are safe)."""
    global _added
    if not _added or _programs is None:
        return
    path = _file()
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(marshal.dumps(_programs))
        os.replace(tmp, path)
        _added = 0
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass
