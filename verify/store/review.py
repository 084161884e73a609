"""Editors' reviews of stored figures: confirm, correct, reject, add; export and import.

A review is kept in the `reviews` table by the document's key and the figure's
anchor (the sentence it stands in, the number as written, which of its equals), not
by row id. Ingesting a new version of a document applies every review of that
document again (`apply`), so a correction survives re-ingest for as long as its
sentence does; one whose sentence is gone is reported as orphaned.

Export writes the current figures of every document as JSON lines, one figure per
line, in a stable order, for review in a pull request; import applies the edits
made to such a file: a changed value, unit, period or subject is a correction,
`"status": "rejected"` a rejection, `"review": "confirmed"` a confirmation, and a
line with `"review": "added"` that the store lacks is a figure added by hand.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator

from ..errors import InputError, StoreError, UsageError
from .db import REVIEWS, STATUSES, Store, anchor
from .rows import row_of

CORRECTABLE = (
    "value",
    "unit",
    "step",
    "hedge",
    "hedge_text",
    "kind",
    "period_start",
    "period_end",
    "period_text",
    "subject",
)
EXPORTED = (
    "source",
    "anchor",
    "text",
    "value",
    "unit",
    "step",
    "hedge",
    "period",
    "subject",
    "quote",
    "status",
    "review",
    "note",
)


# ---- applying stored reviews (at ingest) ------------------------------------------
def apply(store: Store, source_id: int) -> tuple[int, tuple[str, ...]]:
    """Apply the reviews of a document to the figures of one of its versions; return how
    many applied and a description of each that matched no figure."""
    source = store.source(source_id)
    if source is None:
        raise StoreError(f"no source {source_id}", where=store.path)
    rows = {r["anchor"]: r for r in store.figure_rows(source_id)}
    applied, orphaned = 0, []
    for rv in store.reviews(source.key):
        if _apply_one(store, source_id, rows.get(rv["anchor"]), rv):
            applied += 1
        else:
            orphaned.append(f"{rv['action']} of {rv['text']}")
    return applied, tuple(orphaned)


def _apply_one(store: Store, source_id: int, row: dict | None, rv: dict) -> bool:
    action, fields, note = rv["action"], rv["fields"], rv["note"]
    if action == "add":
        if row is not None:  # read by now, or added before: the editor's values stand
            store.update_figure(row["id"], **_columns(row, fields["figure"]), review="added", note=note)
            return True
        placed = _place(store.text_of(source_id), fields["figure"], fields["offset"])
        if placed is None:
            return False
        store.insert_figures(
            source_id, [{**fields["figure"], **placed, "anchor": rv["anchor"], "review": "added", "note": note}]
        )
        return True
    if row is None:
        return False
    if action == "confirm":
        store.update_figure(row["id"], review="confirmed", note=note)
    elif action == "reject":
        store.update_figure(row["id"], status="rejected", review="rejected", note=note)
    elif action == "correct":
        extracted = {k: row[k] for k in fields}
        store.update_figure(
            row["id"],
            **_columns(row, fields),
            review="corrected",
            note=note,
            extracted=json.dumps(extracted, ensure_ascii=False, sort_keys=True),
        )
    return True


def _columns(row: dict, fields: dict) -> dict:
    """Corrected columns, with the dimension that follows from a new unit or kind."""
    from ..knowledge import units
    from ..knowledge.names import tag
    from ..models import Quantity

    out = {k: v for k, v in fields.items() if k in CORRECTABLE}
    merged = {**row, **out}
    q = Quantity(0, 0, "", merged["value"], merged["unit"], merged["kind"])
    out["dimension"] = units.dimension_key(q)
    out["norm"] = units.normalised(q)
    if "subject" in out:  # the editor's words say what it measures: their concept, if the glossary knows them
        out["concept"] = next((t.id for t in tag(out["subject"]) if t.kind == "concept"), None)
    return out


def _place(text: str, figure: dict, offset: int) -> dict | None:
    """Where an added figure stands in a version of its document: its quote found
    (spacing aside), then the number as written nearest its offset in the quote."""

    def pattern(s: str) -> str:
        return r"\s+".join(map(re.escape, s.split()))

    m = re.search(pattern(figure["quote"]), text) if figure["quote"].split() else None
    if m is None:
        return None
    inner = list(re.finditer(pattern(figure["text"]), m.group())) if figure["text"].split() else []
    if not inner:
        return None
    best = min(inner, key=lambda x: (abs(x.start() - offset), x.start()))
    start = m.start() + best.start()
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    return {"start": start, "end": start + len(best.group()), "line": line, "col": col}


# ---- reviewing by hand -------------------------------------------------------------
def _figure_row(store: Store, figure_id: int) -> dict:
    """A figure this module has just read or written, as its row (a StoreError if it is gone)."""
    row = store.figure_row(figure_id)
    if row is None:
        raise StoreError(f"figure {figure_id} is not in the store", where=store.path)
    return row


def _current(store: Store, figure_id: int) -> dict:
    row = store.figure_row(figure_id)
    if row is None:
        raise InputError(f"no figure {figure_id}", where=store.path, fix="find its id with `verify figures QUERY`")
    if row["status"] == "superseded":
        raise InputError(
            f"figure {figure_id} belongs to an older version of {row['source_key']}",
            where=store.path,
            fix="review the current version's figure (`verify figures QUERY`)",
        )
    return row


def confirm(store: Store, figure_id: int, *, note: str | None = None) -> dict:
    """Mark a figure as checked by an editor."""
    with store.transaction():
        row = _current(store, figure_id)
        _record(store, row, "confirm", {}, note)
    return _figure_row(store, figure_id)


def reject(store: Store, figure_id: int, *, note: str | None = None) -> dict:
    """Take a figure out of every check: it is kept, marked rejected, with the note."""
    with store.transaction():
        row = _current(store, figure_id)
        _record(store, row, "reject", {}, note)
    return _figure_row(store, figure_id)


def correct(
    store: Store,
    figure_id: int,
    *,
    written: str | None = None,
    period: str | None = None,
    subject: str | None = None,
    note: str | None = None,
) -> dict:
    """Give a figure the value an editor writes ("3.22 trillion yuan", "41%"), and/or its
    period ("2023", "2012-2023") or subject words. It stays corrected across re-ingests."""
    fields = {}
    if written is not None:
        fields.update(read_value(written))
    if period is not None:
        fields.update(read_period(period))
    if subject is not None:
        if not subject.split():
            raise UsageError("the subject is empty", where="--subject", fix="give the words the figure is about")
        fields["subject"] = " ".join(subject.lower().split())
    if not fields:
        raise UsageError(
            "nothing to correct",
            where="verify correct",
            fix='give the right value ("3.22 trillion yuan"), --period or --subject',
        )
    _fit(_current(store, figure_id), fields, UsageError, "the corrected value", written)  # before writing anything
    with store.transaction():
        row = _current(store, figure_id)
        _fit(row, fields, UsageError, "the corrected value", written)  # as it stands now, if another writer changed it
        if row["review"] == "added":  # an added figure is corrected in its own record
            _correct_added(store, row, fields, note)
        else:
            previous = store.review_of(row["source_key"], row["anchor"])
            kept = previous["fields"] if previous and previous["action"] == "correct" else {}
            _record(store, row, "correct", {**kept, **fields}, note)
    return _figure_row(store, figure_id)


def reset(store: Store, figure_id: int) -> dict | None:
    """Undo an editor's review: the figure is as read again (an added one is removed)."""
    with store.transaction():
        row = _current(store, figure_id)
        store.drop_review(row["source_key"], row["anchor"])
        if row["review"] == "added":
            store.delete_figure(figure_id)
            return None
        _restore(store, row)
    return store.figure_row(figure_id)


def add(
    store: Store,
    source_id: int,
    quote: str,
    *,
    number: str | None = None,
    period: str | None = None,
    subject: str | None = None,
    note: str | None = None,
) -> dict:
    """Add a figure the reading missed: `quote` is its sentence, as it stands in the source;
    `number` the figure as written in it, when the sentence has several."""
    with store.transaction():
        source = store.source(source_id)
        if source is None or source.superseded_by is not None:
            raise InputError(
                f"no current source {source_id}", where=store.path, fix="find its id with `verify sources`"
            )
        fid, existed = _add(store, source, quote, number=number, period=period, subject=subject, note=note)
        if existed:
            raise UsageError(
                f"figure {fid} is this figure already",
                where=f"source {source_id}",
                fix=f"correct it with `verify correct {fid} ...`",
            )
    return _figure_row(store, fid)


def _add(
    store: Store, source, quote: str, *, number: str | None, period: str | None, subject: str | None, note: str | None
) -> tuple[int, bool]:
    """Add a figure inside the caller's transaction; return its id, and whether the store
    held it already (then nothing is written)."""
    from ..reading.claims import mentions
    from ..reading.document import parse

    source_id = source.id
    quote = " ".join(quote.split())
    if not quote or _place(store.text_of(source_id), {"quote": quote, "text": quote}, 0) is None:
        raise InputError(
            "the quote is not in the source",
            where=f"source {source_id} ({source.path})",
            fix="copy the sentence exactly as the source has it",
        )
    every = mentions(parse(quote, path=source.path), date=source.published)
    found = every
    if number is not None:
        wanted = " ".join(number.split())
        found = [m for m in found if " ".join(m.quantity.text.split()) == wanted]
        if not found:  # "160.2 billion" of "160.2 billion yuan": the one figure that begins so
            begins = [m for m in every if " ".join(m.quantity.text.split()).startswith(wanted + " ")]
            found = begins if len(begins) == 1 else []
    if not found:
        what = f"{number!r} is not a number verify reads in the quote" if number else "the quote has no number"
        read = ", ".join(repr(m.quantity.text) for m in every)
        fix = f"give --number as one of {read}" if every else "give a quote with a number in it"
        raise InputError(what, where=f"source {source_id}", fix=fix)
    if len(found) > 1:
        raise UsageError(
            f"the quote has {len(found)} numbers: " + ", ".join(repr(m.quantity.text) for m in found),
            where=f"source {source_id}",
            fix="say which with --number",
        )
    m = found[0]
    occurrence = sum(1 for x in every if x.quantity.text == m.quantity.text and x.quantity.start < m.quantity.start)
    key = anchor(quote, m.quantity.text, occurrence)
    held = store.anchored(source_id, key)
    if held is not None:
        return held["id"], True
    figure = {k: v for k, v in row_of(m, key).items() if k not in ("anchor", "start", "end", "line", "col")}
    figure["quote"] = quote
    if period:
        figure.update(read_period(period))
    if subject:
        figure["subject"] = " ".join(subject.lower().split())
    store.put_review(source.key, key, "add", {"figure": figure, "offset": m.quantity.start}, note, m.quantity.text)
    _apply_one(
        store,
        source_id,
        None,
        {"action": "add", "anchor": key, "note": note, "fields": {"figure": figure, "offset": m.quantity.start}},
    )
    added = store.anchored(source_id, key)
    if added is None:
        raise StoreError(f"the figure added to source {source_id} is not in the store", where=store.path)
    return added["id"], False


def _correct_added(store: Store, row: dict, fields: dict, note: str | None) -> None:
    rv = store.review_of(row["source_key"], row["anchor"])
    if rv is None:
        raise StoreError(f"figure {row['id']} was added, but its review is not in the store", where=store.path)
    rv["fields"]["figure"].update(fields)
    store.put_review(row["source_key"], row["anchor"], "add", rv["fields"], note or rv["note"], row["text"])
    store.update_figure(row["id"], **_columns(row, fields), note=note or rv["note"])


def _record(store: Store, row: dict, action: str, fields: dict, note: str | None) -> None:
    """Store a review and apply it to the figure it is about, in place of any earlier one."""
    row = _restore(store, row)
    if action == "correct":
        fields = {k: v for k, v in fields.items() if row[k] != v}
        if not fields:
            raise UsageError(
                "that is what the figure already says",
                where=f"figure {row['id']}",
                fix="give a different value, period or subject",
            )
    store.put_review(row["source_key"], row["anchor"], action, fields, note, row["text"])
    _apply_one(store, row["source_id"], row, {"action": action, "fields": fields, "note": note})


def _restore(store: Store, row: dict) -> dict:
    """The figure as it was read, before any review."""
    original = json.loads(row["extracted"]) if row["extracted"] else {}
    columns = _columns(row, original) if original else {}
    store.update_figure(row["id"], **columns, status="active", review="extracted", note=None, extracted=None)
    return _figure_row(store, row["id"])


def _as_read(row: dict) -> dict:
    """A figure's columns as they were read, before any correction."""
    return {**row, **(json.loads(row["extracted"]) if row.get("extracted") else {})}


def _fit(row: dict, fields: dict, error: type, where: str, written: str | None = None) -> None:
    """Refuse, with `error` at `where`, corrected columns that make no sense for the
    figure `row`: a unit verify does not know or of another kind than the figure's as
    read ("3.22 trillion yuan" for a figure in percent), a value that is no finite number
    or none in its unit's sense (verify.knowledge.units.problem), a step that is not above 0, a
    hedge language.toml does not know, an empty subject. Nothing is written."""
    from ..judging.align import comparable
    from ..judging.tolerances import defaults
    from ..knowledge import units
    from ..knowledge.lexicon import hedges
    from ..models import Quantity

    new = {**row, **fields}
    fid = f"figure {row['id']}"
    if "unit" in fields and not units.known(fields["unit"]):
        raise error(
            f"unit {fields['unit']!r} is not one verify knows",
            where=where,
            fix="write a unit of verify/data/units.toml, such as 'CNY', 'percent' or 'kilometer'",
        )
    if {"value", "unit", "kind"} & set(fields):
        problem = units.problem(new["value"], new["unit"], new["kind"])
        if problem:
            raise error(problem, where=where, fix="give the figure's value as a number its unit allows")
        base = _as_read(row)
        was = Quantity(0, 0, "", 0.0, base["unit"], base["kind"], base.get("noun"))
        now = Quantity(0, 0, "", 0.0, new["unit"], new["kind"], new.get("noun"))
        if not comparable(was, now, word_alike=defaults().word_alike):  # no verdict here: the data's spelling rule
            shown = repr(written) if written else f"unit {new['unit']!r}" if new["unit"] else "a bare number"
            kind = base["unit"] or (base["kind"] if base["kind"] != "amount" else "a count")
            raise error(
                f"{shown} cannot stand for {fid}, which is in {kind}",
                where=where,
                fix=f"give the value in {kind}, as its source does; reject the figure if it is not one",
            )
    if "step" in fields:
        step = fields["step"]
        exact = new["kind"] != "amount" and step == 0  # "two-fifths", "doubled", "3rd": exact words
        if (
            isinstance(step, bool)
            or not isinstance(step, (int, float))
            or not math.isfinite(step)
            or step <= 0
            and not exact
        ):
            raise error(
                f"step {step!r} is not above 0",
                where=where,
                fix="give the figure's precision: 1 for a whole number, 0.1 for one decimal, 1e8 for '5.2 billion'",
            )
    if fields.get("hedge") is not None and fields["hedge"] not in hedges():
        raise error(
            f"hedge {fields['hedge']!r} is not one verify knows",
            where=where,
            fix=f"use null or one of {', '.join(sorted(hedges()))} (verify/data/language.toml [hedges])",
        )
    if "subject" in fields and not (isinstance(fields["subject"], str) and fields["subject"].split()):
        raise error("the subject is empty", where=where, fix="give the words the figure is about")


def read_value(written: str) -> dict:
    """The value, unit and precision of a figure as an editor writes it."""
    from ..reading.quantities import extract

    found = extract(written)
    if len(found) != 1 or found[0].text.strip() != written.strip():
        raise UsageError(
            f"{written!r} is not one figure verify reads",
            where="the corrected value",
            fix='write it as the source would: "3.22 trillion yuan", "41%", "83 projects"',
        )
    q = found[0]
    return {
        "value": q.value,
        "unit": q.unit,
        "step": q.step,
        "hedge": q.hedge,
        "hedge_text": q.hedge_text,
        "kind": q.kind,
    }


def read_period(period: str) -> dict:
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*", period)
    if not m or (m.group(2) and int(m.group(2)) < int(m.group(1))):
        raise UsageError(
            f"period {period!r} is not a year or a span of years", where="--period", fix="write 2023 or 2012-2023"
        )
    start, end = int(m.group(1)), int(m.group(2) or m.group(1))
    return {"period_start": start, "period_end": end, "period_text": period.strip()}


# ---- export and import -------------------------------------------------------------
def export(store: Store) -> Iterator[str]:
    """The current figures of every document, one JSON object per line, in a stable order."""
    for source in sorted(store.sources(), key=lambda s: (s.key, s.id)):
        for r in store.figure_rows(source.id):
            if r["status"] == "superseded":
                continue
            line = {
                "source": source.key,
                "anchor": r["anchor"],
                "text": r["text"],
                "value": _number(r["value"]),
                "unit": r["unit"],
                "step": _number(r["step"]),
                "hedge": r["hedge"],
                "period": _label(r),
                "subject": r["subject"],
                "quote": r["quote"],
                "status": r["status"],
                "review": r["review"],
                "note": r["note"],
            }
            yield json.dumps(line, ensure_ascii=False)


def _number(value: float | None) -> float | None:
    """A number as JSON can hold it: null for one that is no finite number (JSON has no
    Infinity); import takes null back as "as stored"."""
    return value if value is None or math.isfinite(value) else None


def _label(r: dict) -> str | None:
    if r["period_start"] is None:
        return None
    return str(r["period_start"]) if r["period_start"] == r["period_end"] else f"{r['period_start']}-{r['period_end']}"


def import_lines(store: Store, lines: Iterable[str], *, where: str) -> dict[str, int]:
    """Apply the edits of an exported file, all in one transaction; return how many
    figures each kind of review was given ("unchanged" for lines that change nothing)."""
    entries = [(n, _entry(line, n, where)) for n, line in enumerate(lines, 1) if line.strip()]
    counts = {"confirmed": 0, "corrected": 0, "rejected": 0, "added": 0, "reset": 0, "unchanged": 0}
    seen: dict[int, int] = {}  # figure id -> the line that reviewed it

    def once(fid: int, n: int) -> None:
        if fid in seen:
            raise InputError(
                f"is about the same figure as line {seen[fid]}", where=f"{where}:{n}", fix="keep one line per figure"
            )
        seen[fid] = n

    with store.transaction():
        for n, e in entries:
            at = f"{where}:{n}"
            source = store.current(e["source"])
            if source is None:
                raise InputError(
                    f"no document {e['source']!r} in the store",
                    where=at,
                    fix="ingest it first (`verify ingest FILE --store PATH`)",
                )
            row = store.anchored(source.id, e["anchor"]) if "anchor" in e else None
            if row is None or row["status"] == "superseded":
                if e["review"] != "added":
                    raise InputError(
                        f"no figure {_shown(e.get('anchor'))} in {_shown(e['source'])} (its sentence has changed?)",
                        where=at,
                        fix="export again from this store and redo the edit",
                    )
                try:
                    fid, existed = _add(
                        store, source, e["quote"], number=e["text"], period=None, subject=None, note=e["note"]
                    )
                except (InputError, UsageError) as exc:
                    raise InputError(exc.what, where=at, fix=exc.fix) from None
                row = _figure_row(store, fid)
                once(fid, n)
                if existed:  # read by now: the line reviews that figure
                    counts[_import_one(store, row, {**e, "review": "confirmed"}, at)] += 1
                    continue
                changes = _changes(row, e, at)
                if changes:
                    _correct_added(store, row, changes, e["note"])
                counts["added"] += 1
                continue
            once(row["id"], n)
            state = _import_one(store, row, e, at)
            counts[state] += 1
    return counts


def _shown(value) -> str:
    """A value of a line in a message: as it is, or quoted with its escapes when it holds
    a newline or another character that would not print (the message stays one line)."""
    text = str(value)
    return text if text.isprintable() else repr(text)


def _import_one(store: Store, row: dict, e: dict, at: str) -> str:
    review = store.review_of(row["source_key"], row["anchor"])
    if row["review"] == "added":
        changes = _changes(row, e, at)
        if not changes and (e["note"] or None) == (row["note"] or None):
            return "unchanged"
        _correct_added(store, row, changes, e["note"])
        return "corrected"
    base = _as_read(row)
    changes = _changes(base, e, at)
    want: tuple[str, dict] | None
    if e["status"] == "rejected":
        want = ("reject", {})
    elif changes:
        want = ("correct", changes)
    elif e["review"] == "confirmed":
        want = ("confirm", {})
    else:
        want = None
    have = (review["action"], review["fields"]) if review else None
    if want == have and (not want or review is not None and (e["note"] or None) == (review["note"] or None)):
        return "unchanged"
    if want is None:
        store.drop_review(row["source_key"], row["anchor"])
        _restore(store, row)
        return "reset"
    _record(store, row, want[0], want[1], e["note"])
    return {"reject": "rejected", "correct": "corrected", "confirm": "confirmed"}[want[0]]


def _changes(base: dict, e: dict, at: str) -> dict:
    """The columns an exported line gives differently from `base`, each checked against
    the figure (`_fit`): an InputError at `at` for one that makes no sense."""
    out = {k: e[k] for k in ("value", "unit", "step", "hedge", "subject") if k in e and e[k] != base[k]}
    for k in ("value", "step"):
        if k in out and out[k] is None:  # export writes a number that is no finite one as null
            if isinstance(base[k], float) and not math.isfinite(base[k]):
                del out[k]  # as stored: unchanged
            else:
                raise InputError(f"{k} is null", where=at, fix=f"give the figure's {k} as a number")
    if "hedge" in out:
        out["hedge_text"] = _hedge_word(out["hedge"], base.get("lang"))
    if "period" in e and e["period"] != _label(base):
        out.update(
            read_period(e["period"]) if e["period"] else {"period_start": None, "period_end": None, "period_text": None}
        )
    _fit(base, out, InputError, at)
    return out


def _hedge_word(hedge: str | None, lang: str | None) -> str | None:
    """How a hedge is written before a number, in a figure's language ("more than", 超过)."""
    from ..knowledge.lexicon import language

    if hedge is None:
        return None
    words = language()["hedges"].get(hedge, {}).get("before", [])
    return next((w for w in words if w.isascii() == (lang != "zh")), words[0] if words else hedge)


_TYPES: dict[str, type | tuple[type, ...]] = {
    "source": str,
    "anchor": str,
    "text": str,
    "value": (int, float, type(None)),
    "unit": (str, type(None)),
    "step": (int, float, type(None)),
    "hedge": (str, type(None)),
    "period": (str, type(None)),
    "subject": str,
    "quote": str,
    "status": str,
    "review": str,
    "note": (str, type(None)),
}


def _check_line(e: dict, at: str) -> None:
    """What a line can be refused for before the store is read: a value or step that is
    no finite number (or a step below 0), a unit or hedge verify does not know, an empty
    source or subject."""
    from ..knowledge import units
    from ..knowledge.lexicon import hedges

    fix = "give it as `verify export` wrote it, or a corrected value"
    value, step = e.get("value"), e.get("step")
    if value is not None and not math.isfinite(value):
        raise InputError(f"value {value!r} is not a finite number", where=at, fix=fix)
    if step is not None and not (math.isfinite(step) and step >= 0):
        raise InputError(
            f"step {step!r} is not a number of at least 0",
            where=at,
            fix="give the figure's precision: 1 for a whole number, 0.1 for one decimal",
        )
    if e.get("unit") is not None and not units.known(e["unit"]):
        raise InputError(
            f"unit {e['unit']!r} is not one verify knows",
            where=at,
            fix="write a unit of verify/data/units.toml, such as 'CNY', 'percent' or 'kilometer'",
        )
    if e.get("hedge") is not None and e["hedge"] not in hedges():
        raise InputError(
            f"hedge {e['hedge']!r} is not one verify knows",
            where=at,
            fix=f"use null or one of {', '.join(sorted(hedges()))} (verify/data/language.toml [hedges])",
        )
    for k in ("source", "subject"):
        if k in e and not e[k].split():
            raise InputError(f"{k} is empty", where=at, fix=f"give the figure's {k}")


def _entry(line: str, n: int, where: str) -> dict:
    at = f"{where}:{n}"
    try:
        e = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"is not JSON ({exc.msg}, column {exc.colno})",
            where=at,
            fix="each line is one figure as `verify export` writes it",
        ) from None
    if not isinstance(e, dict):
        raise InputError("is not a JSON object", where=at, fix="each line is one figure as `verify export` writes it")
    unknown = [k for k in e if k not in _TYPES]
    if unknown:  # a misspelt field would lose its edit without a word
        raise InputError(
            f"has an unknown field {unknown[0]!r}",
            where=at,
            fix=f"use the fields `verify export` writes: {', '.join(EXPORTED)}",
        )
    missing = [k for k in ("source", "text", "quote") if k not in e]
    if missing:
        raise InputError(f"lacks {', '.join(missing)}", where=at, fix="keep every field `verify export` wrote")
    for k, v in e.items():
        if not isinstance(v, _TYPES[k]) or isinstance(v, bool):
            raise InputError(
                f"{k} is {json.dumps(v)[:40]}, of the wrong type", where=at, fix="give it as `verify export` wrote it"
            )
    _check_line(e, at)
    e.setdefault("status", "active")
    e.setdefault("review", "extracted")
    e.setdefault("note", None)
    if e["status"] not in set(STATUSES) - {"superseded"}:  # superseded is the store's to say, by versions
        raise InputError(f"status {e['status']!r} is not active or rejected", where=at, fix="use one of those")
    if e["review"] not in REVIEWS:
        raise InputError(
            f"review {e['review']!r} is not one verify knows",
            where=at,
            fix="use extracted, confirmed, corrected, rejected or added",
        )
    if "anchor" not in e and e["review"] != "added":
        raise InputError(
            "has no anchor", where=at, fix='a new figure needs "review": "added"; others keep their anchor'
        )
    if "period" in e and e["period"]:
        try:
            read_period(e["period"])
        except UsageError as exc:
            raise InputError(exc.what, where=at, fix=exc.fix) from None
    return e
