"""Regular expressions compiled once per machine: the kept program must behave exactly
like a fresh compile, and a bad cache file must never break a run."""

import re

import pytest

from verify import cache

PATTERNS = [
    (r"(?P<year>(?:19|20)\d\d)\s*年", 0, "2023年 and 1999 年", "year-with-chinese-suffix"),
    (r"(?i)\bper\s+capita\b", 0, "GDP Per Capita rose; per capita", "case-insensitive-flag-inline"),
    (r"[\u3400-\u9fff]+", 0, "江西 GDP 增长", "wide-chinese-character-class"),
    (r"quarter", re.I, "First QUARTER, second quarter", "flag-passed-as-argument"),
]


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """A cache module with an empty memory and its own directory."""
    monkeypatch.setenv("VERIFY_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(cache, "_programs", None)
    monkeypatch.setattr(cache, "_added", 0)
    monkeypatch.setattr(cache, "_compiled", {})
    return tmp_path


@pytest.mark.parametrize("pattern,flags,text", [p[:3] for p in PATTERNS], ids=[p[3] for p in PATTERNS])
def test_kept_program_matches_like_a_fresh_compile(fresh, monkeypatch, pattern, flags, text):
    first = cache.regex(pattern, flags)
    first.search("")  # compiled when first used, then kept
    cache.save()
    monkeypatch.setattr(cache, "_programs", None)
    monkeypatch.setattr(cache, "_compiled", {})

    parsed = []

    class CountingParser:
        @staticmethod
        def parse(*args, **kwargs):
            parsed.append(args)
            return re._parser.parse(*args, **kwargs)

    monkeypatch.setattr(cache, "_parser", CountingParser)
    kept = cache.regex(pattern, flags)
    kept.search("")
    assert parsed == [], "compiled again instead of read from the cache"
    plain = re.compile(pattern, flags)
    assert kept.flags == plain.flags and kept.groupindex == plain.groupindex
    assert [m.span() for m in kept.finditer(text)] == [m.span() for m in plain.finditer(text)] != []
    assert [m.span() for m in first.finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize(
    "content", [b"", b"not marshal", b"\xe3\x00\x00garbage"], ids=["empty-file", "text-file", "truncated-marshal"]
)
def test_a_corrupt_cache_file_means_compiling_as_usual(fresh, content):
    cache._file().parent.mkdir(parents=True, exist_ok=True)
    cache._file().write_bytes(content)
    assert cache.regex(r"\d+ tonnes").search("about 35 tonnes").group() == "35 tonnes"
    cache.save()
    assert cache._file().stat().st_size > len(content)  # rewritten whole


def test_a_program_the_engine_rejects_is_compiled_again(fresh):
    cache.regex(r"\d+").search("1")  # compiled when first used
    cache._programs[(r"\d+", 0)] = (32, [1, 2, 3], 0, {}, (None,))  # no valid program
    cache._compiled.clear()
    assert cache.regex(r"\d+").findall("12 and 345") == ["12", "345"]


def test_a_pattern_is_compiled_when_first_used(fresh, monkeypatch):
    """A module's patterns cost nothing until used; once used, a pattern's methods are the
    compiled pattern's own (no lookup through the lazy object on every call)."""
    compiled = []
    monkeypatch.setattr(cache, "_compile", lambda p, f: compiled.append(p) or re.compile(p, f))
    pattern = cache.regex(r"(?P<n>\d+) tonnes")
    assert compiled == [] and pattern.pattern == r"(?P<n>\d+) tonnes"
    assert pattern.search("35 tonnes").group("n") == "35" and compiled == [r"(?P<n>\d+) tonnes"]
    assert "search" in vars(pattern) and pattern.groupindex == {"n": 1}
    pattern.findall("1 tonnes, 2 tonnes")
    assert len(compiled) == 1


def test_an_invalid_pattern_is_a_regex_error_as_with_re(fresh):
    pattern = cache.regex(r"(unclosed")  # compiled when first used
    with pytest.raises(re.error):
        pattern.search("text")


def test_an_unwritable_cache_directory_is_no_failure(fresh, monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("VERIFY_CACHE_DIR", str(blocker / "sub"))
    assert cache.regex(r"[a-z]+").match("abc")
    cache.save()  # nothing raised


def test_a_trie_built_from_data_is_kept_between_runs(fresh, monkeypatch):
    from verify.knowledge.lexicon import trie

    words = ["tonne", "tonnes", "ton", "metric ton"]
    first = trie(words)
    cache.save()
    monkeypatch.setattr(cache, "_programs", None)
    built = []
    monkeypatch.setattr("verify.knowledge.lexicon._trie", lambda *a: built.append(a) or "rebuilt")
    assert trie(reversed(words)) == first  # the same words in another order: the kept text
    assert built == []
    assert re.fullmatch(first, "metric ton") and not re.fullmatch(first, "tons")


def test_a_kept_value_that_is_not_text_is_built_again(fresh):
    cache._load()[("trie", r"\ ", ("km",))] = 42  # a damaged entry
    assert cache.kept(("trie", r"\ ", ("km",)), lambda: "km") == "km"


@pytest.mark.parametrize(
    "pattern,flags,words",
    [
        (r"(?:its|the)\s+guidance|guidance\s+for", re.I, ["guidance"]),
        (r"(?:excluding|without)\s+(?:one-time\s+)?(?:items?|charges?)", re.I, ["excluding", "without"]),
        (r"expect(?:s|ed)?\s+\w+\s+to", re.I, ["expect"]),
        (r"operating(?=\s+EPS)", re.I, ["operating"]),
        (r"Net\s+Sales", re.I, ["sales"]),
        (r"Net\s+Sales", 0, ["Sales"]),
        (r"[a-z]+\s+\d+", re.I, []),
        (r"(?:a|b)c", 0, []),
        (r"(?:(?:19|20)\d\d年)?第?[一二三四]季度", 0, ["季度"]),
        (r"(\d{1,2})\s*(?:-|至)\s*(\d{1,2})\s*月", 0, ["月"]),
        (r"上年末|去年末", 0, ["上年末", "去年末"]),
        (r"财年", re.I, []),
    ],
    ids=[
        "a-word-every-alternative-shares",
        "an-alternation-gives-each-of-its-words-the-longest-part-chosen",
        "an-optional-ending-is-left-off",
        "a-lookahead-promises-nothing",
        "case-blind-pattern-in-lowercase",
        "case-sensitive-pattern-as-written",
        "no-literal-word-no-needle",
        "single-letters-are-no-needle",
        "chinese-word-after-an-optional-year",
        "one-chinese-character-is-a-needle",
        "chinese-alternation",
        "no-chinese-needle-for-a-case-blind-pattern",
    ],
)
def test_a_pattern_names_the_words_a_text_must_hold(pattern, flags, words):
    assert cache.needles(pattern, flags) == words
    assert cache.needles(pattern, flags) == words  # the second time, as kept


def test_a_library_loads_with_its_patterns_from_the_cache(fresh, tmp_path, monkeypatch):
    """`imported` keeps the patterns a library compiles as it loads; loaded again in a new
    run, it finds them in `re`'s cache, compiled from the kept programs, not by `re`."""
    import sys

    (tmp_path / "patterned_lib.py").write_text(
        "import re\nTONNES = re.compile(r'(?P<n>\\d+(?:\\.\\d+)?)\\s*(?:tonnes|吨)')\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    key = (str, r"(?P<n>\d+(?:\.\d+)?)\s*(?:tonnes|吨)", 0)
    re.purge()
    first = cache.imported("patterned_lib")
    assert first.TONNES.search("about 35.5 tonnes").group("n") == "35.5"
    cache.save()
    del sys.modules["patterned_lib"]
    re.purge()
    monkeypatch.setattr(cache, "_programs", None)
    monkeypatch.setattr(cache, "_compiled", {})
    monkeypatch.setattr(re, "_compile", _refusing(re._compile, key))
    again = cache.imported("patterned_lib")
    assert again is not first and again.TONNES is re._cache[key]  # type: ignore[attr-defined]
    assert [m.group() for m in again.TONNES.finditer("35 tonnes, 12吨")] == ["35 tonnes", "12吨"]


def _refusing(compile_, key):
    """`re._compile` that fails if it has to compile the pattern of `key` itself."""

    def compile_or_refuse(pattern, flags):
        if (type(pattern), pattern, int(flags)) == key and key not in re._cache:  # type: ignore[attr-defined]
            raise AssertionError("compiled by re, not taken from the cache")
        return compile_(pattern, flags)

    return compile_or_refuse
