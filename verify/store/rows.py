"""The store's rows and the records they hold: a mention as a `figures` row (`row_of`),
and rows read back as `Source` and `Figure` records, by column name (`named`,
`source_from`, `figure_from`); a frame and a period as the JSON the rows keep."""

from __future__ import annotations

import json
import sqlite3

from ..models import Figure, Frame, Mention, Period, Quantity, Source


def row_of(m: Mention, anchor_: str) -> dict:
    """The `figures` columns (but id and source_id) of a mention read from a source."""
    from ..knowledge import units

    q, p, f = m.quantity, m.period, m.frame
    return {
        "anchor": anchor_,
        "start": q.start,
        "end": q.end,
        "line": m.line,
        "col": m.column,
        "text": q.text,
        "value": q.value,
        "unit": q.unit,
        "dimension": units.dimension_key(q),
        "norm": units.normalised(q),
        "kind": q.kind,
        "noun": q.noun,
        "hedge": q.hedge,
        "hedge_text": q.hedge_text,
        "step": q.step,
        "lang": q.lang,
        "subject": subject_of(f),
        "concept": f.concept,
        "entity": f.entity,
        "entities": json.dumps([x for x in (f.entity, f.entity_name) if x], ensure_ascii=False),
        "qualifiers": json.dumps([list(x) for x in f.qualifiers], ensure_ascii=False),
        "position": m.position,
        "period_start": p.start if p else None,
        "period_end": p.end if p else None,
        "period_text": p.text if p else None,
        "frame": json.dumps(frame_dict(f), ensure_ascii=False, sort_keys=True),
        "quote": m.sentence,
    }


def subject_of(f: Frame) -> str:
    """The words the index keeps for a figure: its metric's words, its narrowing words and
    its qualifiers as people write them ("per capita gdp"), so a search in words finds it."""
    from ..knowledge.lexicon import stem
    from ..knowledge.names import label

    words = list(f.words) + [m for m in f.modifiers if m not in f.words]
    for group, value in f.qualifiers:
        words += [stem(w) for w in label(group, value).split() if stem(w) not in words]
    return " ".join(words)


def frame_dict(f: Frame) -> dict:
    """A frame as the store keeps it (JSON)."""
    return {
        "concept": f.concept,
        "metric": f.metric,
        "words": list(f.words),
        "modifiers": list(f.modifiers),
        "entity": f.entity,
        "entity_name": f.entity_name,
        "entity_stated": f.entity_stated,
        "segment": f.segment,
        "qualifiers": [list(x) for x in f.qualifiers],
        "change": f.change,
        "period": period_dict(f.period) if f.period else None,
        "carried": f.carried,
    }


def period_dict(p: Period) -> dict:
    return {
        "text": p.text,
        "grain": p.grain,
        "year": p.year,
        "index": p.index,
        "first": p.first,
        "last": p.last,
        "fiscal": p.fiscal,
        "stated": p.stated,
        "months": list(p.months) if p.months else None,
        "shift": p.shift,
    }


def period_of(d: dict | None) -> Period | None:
    if not d:
        return None
    return Period(
        text=d["text"],
        grain=d["grain"],
        year=d["year"],
        index=d["index"],
        first=d["first"],
        last=d["last"],
        fiscal=d["fiscal"],
        stated=d["stated"],
        months=tuple(d["months"]) if d.get("months") else None,
        shift=d.get("shift", 0),
    )


def frame_of(d: dict) -> Frame:
    return Frame(
        concept=d.get("concept"),
        metric=d.get("metric", ""),
        words=tuple(d.get("words", ())),
        modifiers=tuple(d.get("modifiers", ())),
        entity=d.get("entity"),
        entity_name=d.get("entity_name"),
        entity_stated=bool(d.get("entity_stated")),
        segment=d.get("segment"),
        qualifiers=tuple(tuple(x) for x in d.get("qualifiers", ())),
        change=d.get("change"),
        period=period_of(d.get("period")),
        carried=bool(d.get("carried")),
    )


def named(conn: sqlite3.Connection, sql: str, args: tuple | list = ()) -> sqlite3.Cursor:
    """A query whose rows are read by column name (sqlite3.Row)."""
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    return cur.execute(sql, args)


# a source's columns, named as Source's fields; in a figure's row, each prefixed "source_"
SOURCE_COLUMNS = ", ".join(f"s.{c}" for c in Source._fields)

FIGURE_COLUMNS = (
    "f.id, f.start, f.end, f.line, f.col, f.text, f.value, f.unit, f.kind, f.noun, f.hedge, f.hedge_text,"
    " f.step, f.lang, f.subject, f.concept, f.position, f.period_start, f.period_end,"
    " f.period_text, f.frame, f.quote, f.status, f.review, f.note, "
    + ", ".join(f"s.{c} AS source_{c}" for c in Source._fields)
)


def source_from(r: sqlite3.Row, prefix: str = "") -> Source:
    return Source(
        id=r[prefix + "id"],
        path=r[prefix + "path"],
        title=r[prefix + "title"],
        publisher=r[prefix + "publisher"],
        published=r[prefix + "published"],
        author=r[prefix + "author"],
        url=r[prefix + "url"],
        key=r[prefix + "key"],
        ingested=r[prefix + "ingested"],
        superseded_by=r[prefix + "superseded_by"],
    )


def figure_from(r: sqlite3.Row) -> Figure:
    q = Quantity(
        start=r["start"],
        end=r["end"],
        text=r["text"],
        value=r["value"],
        unit=r["unit"],
        kind=r["kind"],
        noun=r["noun"],
        hedge=r["hedge"],
        hedge_text=r["hedge_text"],
        step=r["step"],
        lang=r["lang"],
    )
    f = frame_of(json.loads(r["frame"]))
    subject = r["subject"]
    if subject != subject_of(f):  # an editor gave the figure other words: they are its metric now
        f = f._replace(words=tuple(subject.split()), metric=subject, concept=r["concept"], modifiers=())
    p0, p1 = r["period_start"], r["period_end"]
    if (p0, p1) != ((f.period.start, f.period.end) if f.period else (None, None)):  # an editor gave it a period
        f = f._replace(
            period=Period(
                text=r["period_text"] or "",
                grain="year" if p0 == p1 else "span",
                year=p1,
                first=f"{p0}-01-01",
                last=f"{p1}-12-31",
            )
            if p0 is not None
            else None
        )
    mention = Mention(quantity=q, sentence=r["quote"], frame=f, position=r["position"], line=r["line"], column=r["col"])
    return Figure(
        id=r["id"],
        source=source_from(r, "source_"),
        mention=mention,
        quote=r["quote"],
        status=r["status"],
        review=r["review"],
        note=r["note"],
    )
