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
    ],
    ids=["english-concept-case-insensitive", "chinese-concept", "english-place", "chinese-place"],
)
def test_tag_finds_names_in_either_language(text, kind, id_):
    assert (kind, id_) in {(t.kind, t.id) for t in knowledge.tag(text)}


def test_containment_lists_what_contains_a_place_nearest_first():
    assert knowledge.ancestors("CN-JX")[0] == "CN"
    assert "CN-JX" not in knowledge.ancestors("CN-JX")
