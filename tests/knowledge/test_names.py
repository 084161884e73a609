"""The compiled knowledge file is the data files' answers, kept: it must be fresh."""

import json

import pytest

from verify.knowledge import names as knowledge


def test_compiled_file_is_fresh():
    stored = json.loads((knowledge.DATA / "knowledge.json").read_text(encoding="utf-8"))
    assert stored == json.loads(json.dumps(knowledge.generate())), (
        "run `python -m verify.knowledge.names` and commit verify/data/knowledge.json"
    )


@pytest.mark.parametrize(
    "text,kind,id_",
    [
        ("Net income rose", "concept", "net_income"),
        ("国内生产总值增长", "concept", "gdp"),
        ("in Jiangxi province", "place", "CN-JX"),
        ("江西省", "place", "CN-JX"),
        ("今年规模以上工业增加值增长", "concept", "industrial_production"),
    ],
    ids=[
        "english-concept-case-insensitive",
        "chinese-concept",
        "english-place",
        "chinese-place",
        "chinese-name-of-nine-characters-within-a-run",
    ],
)
def test_tag_finds_names_in_either_language(text, kind, id_):
    assert (kind, id_) in {(t.kind, t.id) for t in knowledge.tag(text)}


def test_containment_lists_what_contains_a_place_nearest_first():
    assert knowledge.ancestors("CN-JX")[0] == "CN"
    assert "CN-JX" not in knowledge.ancestors("CN-JX")


@pytest.mark.parametrize(
    "text",
    [
        "Net income was $5 million excluding one-time items.",
        "NET INCOME WAS $5 MILLION EXCLUDING ONE-TIME ITEMS.",
        "Net income was $5 million excluding one-time ıtems.",  # dotless ı: the pattern takes it for i
        "Net income was $5 million excluding one-time ſpecial charges.",
        "The company raised its full-year guidance to $2 billion, up from a year earlier.",
        "Revenue rose 4% from the previous quarter; its share of the market was 12%.",
        "Revenue rose 4% in 2024.",
    ],
    ids=[
        "cue-in-lowercase",
        "cue-in-capitals",
        "cue-with-a-dotless-i",
        "cue-with-a-long-s",
        "guidance-and-a-year-ago-base",
        "previous-quarter-and-share",
        "no-cue",
    ],
)
def test_cues_found_whatever_the_needles_skip(text, monkeypatch):
    """Skipping a cue whose words a text lacks changes nothing: the names found are those
    of a search for every cue."""
    found = knowledge.tag(text)
    ix = knowledge.index()
    every = ix._replace(patterns=tuple((p, e, ()) for p, e, _ in ix.patterns))
    monkeypatch.setattr(knowledge, "index", lambda: every)
    assert found == knowledge.tag(text)
    if "ı" in text:
        assert any(t.kind == "qualifier" for t in found)
