"""Build verify/data/t2s.json, the traditional→simplified table of verify.knowledge.hanzi, from OpenCC.

Run it with a Python that has the official ``opencc`` package (Apache-2.0,
https://github.com/BYVoid/OpenCC) installed; a throwaway venv is enough, and the
runtime of verify never imports opencc::

    python3 -m venv /tmp/t2s-venv && /tmp/t2s-venv/bin/pip install opencc==1.4.2
    /tmp/t2s-venv/bin/python scripts/build_t2s.py            # writes verify/data/t2s.json
    /tmp/t2s-venv/bin/python scripts/build_t2s.py --check    # exit 1 if the file is stale
    /tmp/t2s-venv/bin/python scripts/build_t2s.py --compare  # verify.knowledge.hanzi vs OpenCC('t2s')

The wheel ships OpenCC's binary dictionaries and the ``opencc_dict`` tool; the script
dumps ``TSCharacters.ocd2`` and ``TSPhrases.ocd2`` to text with that tool and keeps:

- ``chars``: every single character whose first OpenCC candidate differs from itself;
- ``phrases``: the phrases whose first candidate has the phrase's length and differs
  from converting it character by character, plus the few "blocking" phrases that
  convert like their characters but that OpenCC's longest-match would still take
  before an overlapping phrase of the table (``覆上`` before ``上鍊``). Without them
  ``覆上鍊`` would become ``覆上链`` where OpenCC writes ``覆上炼``.

Phrases whose conversion changes the length are left out (verify's offsets must keep
pointing at the text as written); OpenCC 1.4.2 has none. The output is deterministic:
entries sorted by code point, so building twice gives identical bytes.

OpenCC 1.4's own ``t2s`` configuration also normalises CJK compatibility ideographs
and prefers ``TSCharactersExt`` (forms beyond the basic plane that many fonts lack);
this table follows TSCharacters + TSPhrases only, and ``--compare`` shows where that
makes a difference.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "verify" / "data" / "t2s.json"
DICTS = ("TSCharacters", "TSPhrases")
# Every key of the table must fall in these ranges: verify.knowledge.hanzi's fast path looks for
# them only (CJK Extension A + Unified, Compatibility Ideographs, planes 2 and 3).
CJK_RANGES = ((0x3400, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))
LICENCE = (
    "Derived from OpenCC's dictionaries TSCharacters.txt and TSPhrases.txt. "
    "Copyright Carbo Kuo (BYVoid) <byvoid@byvoid.com> and the OpenCC contributors (see OpenCC's AUTHORS). "
    "Licensed under the Apache License, Version 2.0 (http://www.apache.org/licenses/LICENSE-2.0); "
    "distributed on an \"AS IS\" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND. "
    "Changes: dumped with opencc_dict, first candidate kept, identity and length-changing "
    "entries dropped, phrases reduced to those that change the result."
)


# Traditional text of the kind verify reads, for --compare (written for it, not quoted).
NEWS = """\
據海關統計，今年前三季度廣東省貨物貿易進出口總額達六萬億元，同比增長百分之四點二，其中出口三萬八千億元，貿易順差擴大。
臺灣地區經濟增長放緩，國內生產總值較上年同期增加二點三個百分點；關於後續發展，專家認為內需仍是關鍵。
報告顯示，全市一般公共預算收入完成八百億元，稅收收入佔比超過七成，民生支出繼續保持較快增長。
乾淨能源裝機規模再創新高，風電與光伏發電量合計佔全社會用電量的百分之十八；乾隆年間的舊城區則完成了修繕。
銀行業金融機構本外幣各項貸款餘額為二十三萬億元，比年初增加一萬二千億元，製造業中長期貸款增速較快。
"""


def opencc_dir() -> Path:
    """The installed opencc package's directory, found without importing it."""
    dist = importlib.metadata.distribution("opencc")
    return Path(dist.locate_file("opencc"))


def dump(tool: Path, ocd2: Path) -> list[tuple[str, list[str]]]:
    """One OpenCC dictionary as (key, candidates) rows, via ``opencc_dict -t text``."""
    with tempfile.TemporaryDirectory() as tmp:
        txt = Path(tmp) / (ocd2.stem + ".txt")
        subprocess.run([str(tool), "-i", str(ocd2), "-o", str(txt), "-f", "ocd2", "-t", "text"], check=True)
        rows = []
        for line in txt.read_text(encoding="utf-8").splitlines():
            key, values = line.split("\t")
            rows.append((key, values.split(" ")))
    return rows


def in_cjk(char: str) -> bool:
    return any(lo <= ord(char) <= hi for lo, hi in CJK_RANGES)


def overlaps(blocker: str, phrase: str) -> bool:
    """Could OpenCC's longest match take ``blocker`` where ``phrase`` would otherwise match?

    True when ``phrase`` is a proper prefix of ``blocker``, or starts inside it (at an
    offset > 0) consistently with it: lies within it, or begins with its tail."""
    if len(phrase) < len(blocker) and blocker.startswith(phrase):
        return True
    return any(phrase.startswith(blocker[k:]) or blocker.startswith(phrase, k) for k in range(1, len(blocker)))


def build(version: str, chars_rows, phrase_rows) -> dict:
    chars = {k: v[0] for k, v in chars_rows if len(k) == 1 and len(v[0]) == 1 and v[0] != k}
    same_length = {k: v[0] for k, v in phrase_rows if len(k) > 1 and len(v[0]) == len(k)}
    changing = {k for k, v in same_length.items() if v != "".join(chars.get(c, c) for c in k)}
    # Close over blockers: a phrase that converts like its characters is kept when it
    # overlaps a kept one, since OpenCC would match it first (and so on, transitively).
    kept = set(changing)
    while True:
        more = {p for p in same_length.keys() - kept if any(overlaps(p, q) for q in kept)}
        if not more:
            break
        kept |= more
    phrases = {k: same_length[k] for k in kept}
    bad = sorted(k for k in [*chars, *(p[0] for p in phrases)] if not in_cjk(k))
    assert not bad, f"keys outside the CJK ranges verify.knowledge.hanzi checks: {bad}"
    command = "python3 -m venv /tmp/t2s-venv && /tmp/t2s-venv/bin/pip install opencc=={v} && /tmp/t2s-venv/bin/python scripts/build_t2s.py"
    return {
        "what": "Traditional to simplified Chinese, one character for one (same length), for verify.knowledge.hanzi.simplify",
        "built_by": command.format(v=version),
        "source": f"OpenCC {version}, TSCharacters + TSPhrases, Apache-2.0, https://github.com/BYVoid/OpenCC",
        "licence": LICENCE,
        "counts": {"chars": len(chars), "phrases": len(phrases), "phrases_changing": len(changing),
                   "phrases_blocking": len(kept) - len(changing),
                   "phrases_dropped_length": sum(1 for k, v in phrase_rows if len(v[0]) != len(k))},
        "chars": dict(sorted(chars.items())),
        "phrases": dict(sorted(phrases.items())),
    }


def encode(table: dict) -> bytes:
    """Header keys one per line, then one entry per line: small diffs, stable bytes."""
    lines = ["{"]
    for key in ("what", "built_by", "source", "licence", "counts"):
        lines.append(f"{json.dumps(key)}: {json.dumps(table[key], ensure_ascii=False)},")
    for key in ("chars", "phrases"):
        entries = [f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}" for k, v in table[key].items()]
        lines.append(f"{json.dumps(key)}: {{\n" + ",\n".join(entries) + "\n}" + ("," if key == "chars" else ""))
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def compare(samples: int, seed: int) -> None:
    """Print where verify.knowledge.hanzi.simplify and OpenCC('t2s') differ on varied text."""
    import opencc  # only this option needs the C library
    sys.path.insert(0, str(ROOT))
    from verify.knowledge import hanzi

    cc = opencc.OpenCC("t2s")
    share = opencc_dir() / "clib" / "share" / "opencc"
    tool = opencc_dir() / "clib" / "bin" / "opencc_dict"
    rows = {name: dump(tool, share / f"{name}.ocd2") for name in (*DICTS, "TSCharactersExt", "CJK_Compatibility_Ideographs")}
    phrases = [k for k, _ in rows["TSPhrases"]]
    every_char = "".join(k for k, _ in rows["TSCharacters"])
    rng = random.Random(seed)
    # phrases and pieces of phrases run together, so that they overlap in every way
    fragments = phrases + [p[:i] for p in phrases for i in range(1, len(p))] + [p[i:] for p in phrases for i in range(1, len(p))]
    common = list(NEWS.replace("\n", ""))
    texts = {
        "news paragraphs": NEWS,
        "every TSCharacters key": every_char,
        "every TSPhrases key, apart": "，".join(phrases),
        "phrases and fragments run together": "".join(rng.choice(fragments) for _ in range(samples)),
        "news characters, phrases and fragments": "".join(rng.choice(common + fragments) for _ in range(samples)),
    }
    ext = {k: v[0] for k, v in rows["TSCharactersExt"]}
    compat = {k: v[0] for k, v in rows["CJK_Compatibility_Ideographs"]}
    texts["every compatibility ideograph"] = "".join(compat)
    for name, text in texts.items():
        ours, theirs = hanzi.simplify(text), cc.convert(text)
        assert len(ours) == len(text)
        if len(theirs) != len(text):
            print(f"{name}: {len(text)} chars, OpenCC changed the length to {len(theirs)}; no position-wise comparison")
            continue
        diffs = [i for i in range(len(text)) if ours[i] != theirs[i]]
        why = {"TSCharactersExt": 0, "compatibility normalisation": 0, "other": 0}
        for i in diffs:
            if text[i] in ext and ext[text[i]] == theirs[i]:
                why["TSCharactersExt"] += 1
            elif text[i] in compat:
                why["compatibility normalisation"] += 1
            else:
                why["other"] += 1
        print(f"{name}: {len(text)} chars, {len(diffs)} differ ({', '.join(f'{k}: {n}' for k, n in why.items())})")
        for i in [i for i in diffs if text[i] not in ext and text[i] not in compat][:20]:
            print(f"  at {i}: {text[max(0, i - 4):i + 5]!r} ours {ours[max(0, i - 4):i + 5]!r} OpenCC {theirs[max(0, i - 4):i + 5]!r}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if verify/data/t2s.json differs from a fresh build")
    ap.add_argument("--compare", action="store_true", help="compare verify.knowledge.hanzi.simplify with OpenCC('t2s')")
    ap.add_argument("--samples", type=int, default=5000, help="pieces in --compare's random text")
    args = ap.parse_args()
    if args.compare:
        compare(args.samples, seed=1)
        return
    version = importlib.metadata.version("opencc")
    base = opencc_dir() / "clib"
    tool = base / "bin" / "opencc_dict"
    chars_rows, phrase_rows = (dump(tool, base / "share" / "opencc" / f"{name}.ocd2") for name in DICTS)
    data = encode(build(version, chars_rows, phrase_rows))
    if args.check:
        stale = not OUT.exists() or OUT.read_bytes() != data
        print(f"{OUT.relative_to(ROOT)} is {'stale' if stale else 'up to date'} (OpenCC {version})")
        sys.exit(1 if stale else 0)
    tmp = OUT.with_suffix(".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, OUT)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(data):,} bytes from OpenCC {version}")


if __name__ == "__main__":
    main()
