"""Reading markdown: what is prose, what is not, where each character is."""

from __future__ import annotations

import pytest

from verify.errors import InputError
from verify.reading.document import parse, read

DRAFT = """---
title: Test
date: 2024-05-22
---

Trade came to 569 billion yuan.

```python
x = 4.3
```

Inline `code 12` and a [link](https://example.com/45) and <!-- 99 hidden -->.

| Metric | 2023 |
|---|---|
| Foreign trade | 596 billion yuan |
"""


def test_front_matter_is_read_and_hidden():
    doc = parse(DRAFT)
    assert doc.meta == {"title": "Test", "date": "2024-05-22"}
    assert "2024" not in doc.visible[: doc.text.index("Trade")]


def test_visible_keeps_offsets():
    doc = parse(DRAFT)
    assert len(doc.visible) == len(doc.text)
    i = doc.text.index("569")
    assert doc.visible[i : i + 3] == "569"


@pytest.mark.parametrize("hidden", ["4.3", "code 12", "example.com/45", "99 hidden"])
def test_non_prose_is_blanked(hidden):
    doc = parse(DRAFT)
    i = doc.text.index(hidden)
    assert doc.visible[i : i + len(hidden)].strip() == ""


def test_table_cells_carry_their_headers():
    doc = parse(DRAFT)
    cells = [b for b in doc.blocks if b.context]
    assert [(doc.text[b.start : b.end], b.context) for b in cells] == [("596 billion yuan", "Foreign trade | 2023")]


def test_position_counts_characters():
    doc = parse("第一行\n营收5690亿元")
    assert doc.position(doc.text.index("5690")) == (2, 3)


@pytest.mark.parametrize("content,problem", [(b"\x00\x01\x02binary", "not text"), (b"\xff\xfe\xfa", "not UTF-8")])
def test_bad_files(tmp_path, content, problem):
    p = tmp_path / "bad.md"
    p.write_bytes(content)
    with pytest.raises(InputError, match=problem):
        read(p)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read(tmp_path / "nope.md")
