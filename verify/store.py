"""The reference store: sourced figures in an embedded SQLite database.

Two tables hold what matters, readable as they are in any SQLite tool
(`datasette store.db`):

    sources   one row per ingested document: title, publisher, publication date,
              path, content hash, full text
    figures   one row per figure: value, unit, hedge, period, subject, the quote and
              its character offsets in the source text

`figures_fts` (SQLite FTS5) indexes each figure's subject words, so finding the
candidates for a claim asks the index rather than reading every figure. Every
write runs in one transaction: a failed or killed ingest leaves the store as it was.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from .errors import StoreError
from .models import Figure, Mention, Period, Quantity, Source

SCHEMA_VERSION = 2

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,              -- file it was ingested from
    title TEXT NOT NULL,
    publisher TEXT,
    published TEXT,                  -- YYYY-MM-DD
    author TEXT,
    url TEXT,
    content_hash TEXT NOT NULL UNIQUE, -- sha256 of the text
    text TEXT NOT NULL
);
CREATE TABLE figures (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,          -- character offsets of `text` in the source
    end INTEGER NOT NULL,
    line INTEGER NOT NULL,
    col INTEGER NOT NULL,
    text TEXT NOT NULL,              -- as written: "569 billion yuan"
    value REAL NOT NULL,             -- fully scaled: 5.69e11
    unit TEXT,                       -- pint expression, currencies as ISO codes
    dimension TEXT NOT NULL,         -- for retrieval: "[currency_CNY]", "count", ...
    kind TEXT NOT NULL,              -- amount | ordinal | multiplier | fraction
    noun TEXT,                       -- counted noun: "projects"
    hedge TEXT,                      -- more_than, about, ... (data/language.toml)
    hedge_text TEXT,
    step REAL NOT NULL,              -- precision of the written value
    lang TEXT NOT NULL,
    subject TEXT NOT NULL,           -- words saying what the figure is about
    entities TEXT NOT NULL,          -- JSON list of names near it
    qualifiers TEXT NOT NULL,        -- JSON list of metric modifiers: per capita, average
    position INTEGER NOT NULL,       -- place among the same-unit numbers of its sentence
    period_start INTEGER,
    period_end INTEGER,
    period_text TEXT,
    quote TEXT NOT NULL,             -- the sentence it stands in
    status TEXT NOT NULL DEFAULT 'active'
);
CREATE INDEX figures_source ON figures(source_id);
CREATE INDEX figures_dimension ON figures(dimension);
CREATE VIRTUAL TABLE figures_fts USING fts5(subject, content='figures', content_rowid='id');
CREATE VIRTUAL TABLE figures_terms USING fts5vocab(figures_fts, 'row');
"""


class Store:
    """An open store. Use `Store.open(path)`; close it, or use it as a context manager."""

    def __init__(self, conn: sqlite3.Connection, path: str):
        self.conn = conn
        self.path = path
        self._figure_count: int | None = None  # for term weights; reset by writes
        self._figures: dict[int, Figure] = {}  # figures already read, by id; reset by writes
        self._weights: dict[str, float] = {}  # term weights already computed; reset by writes
        self._data_version: int | None = None  # PRAGMA data_version when the caches were last valid

    # ---- opening -----------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, *, create: bool = False) -> Store:
        """Open a store file; with `create`, make it if it does not exist."""
        p = Path(path)
        if str(path) != ":memory:":
            if p.is_dir():
                raise StoreError("is a directory, not a store", where=str(path), fix="give a .db file path")
            if not p.exists() and not create:
                raise StoreError("no such store", where=str(path), fix="create it with `verify ingest FILE --store PATH`")
        try:
            conn = sqlite3.connect(str(path), isolation_level=None)
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA busy_timeout = 10000")  # wait for a writer's commit rather than fail
            store = cls(conn, str(path))
            store._prepare(create)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"is not a verify store ({exc})", where=str(path),
                             fix="give a store made by `verify ingest`, or a new path") from None
        return store

    def _prepare(self, create: bool) -> None:
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            if not create:
                raise StoreError("is empty, not a verify store", where=self.path,
                                 fix="create it with `verify ingest FILE --store PATH`")
            if self.path != ":memory:":
                self.conn.execute("PRAGMA journal_mode = WAL")
            with self.transaction():
                for stmt in SCHEMA.split(";"):
                    if stmt.strip():
                        self.conn.execute(stmt)
                self.conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            return
        if "meta" not in tables or "figures" not in tables:
            raise StoreError("is an SQLite file but not a verify store", where=self.path,
                             fix="give a store made by `verify ingest`")
        row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        version = int(row[0]) if row else 0
        if version != SCHEMA_VERSION:
            raise StoreError(f"has schema version {version}; this verify reads version {SCHEMA_VERSION}",
                             where=self.path, fix="rebuild it with `verify ingest` from its sources")

    def transaction(self):
        return _Transaction(self.conn)

    def refresh(self) -> None:
        """Forget what was read if another connection has written since (a long-lived
        reader, such as a server thread, calls this before each request)."""
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if self._data_version is not None and version != self._data_version:
            self._figure_count = None
            self._figures.clear()
            self._weights.clear()
        self._data_version = version

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- writing -----------------------------------------------------------------
    def add_source(self, *, path: str, title: str, text: str, content_hash: str, publisher: str | None = None,
                   published: str | None = None, author: str | None = None, url: str | None = None) -> int:
        cur = self.conn.execute(
            "INSERT INTO sources (path, title, publisher, published, author, url, content_hash, text)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (path, title, publisher, published, author, url, content_hash, text),
        )
        return int(cur.lastrowid)

    def add_figures(self, source_id: int, mentions: list[Mention]) -> int:
        from . import units

        rows = []
        for m in mentions:
            q = m.quantity
            p = m.period
            rows.append((
                source_id, q.start, q.end, m.line, m.column, q.text, q.value, q.unit, dimension_key(q, units),
                q.kind, q.noun, q.hedge, q.hedge_text, q.step, q.lang, m.subject, json.dumps(list(m.entities)),
                json.dumps(list(m.qualifiers)), m.position,
                p.start if p else None, p.end if p else None, p.text if p else None, m.sentence,
            ))
        self.conn.executemany(
            "INSERT INTO figures (source_id, start, end, line, col, text, value, unit, dimension, kind, noun,"
            " hedge, hedge_text, step, lang, subject, entities, qualifiers, position, period_start, period_end,"
            " period_text, quote) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        self.conn.execute(
            "INSERT INTO figures_fts (rowid, subject) SELECT id, subject FROM figures WHERE source_id=?",
            (source_id,),
        )
        self._figure_count = None
        self._figures.clear()
        self._weights.clear()
        return len(rows)

    # ---- reading -----------------------------------------------------------------
    def sources(self) -> list[Source]:
        rows = self.conn.execute(
            "SELECT id, path, title, publisher, published, author, url FROM sources ORDER BY id"
        ).fetchall()
        return [Source(*r) for r in rows]

    def text_of(self, source_id: int) -> str:
        """The full text of a source, as ingested ("" for no such source)."""
        row = self.conn.execute("SELECT text FROM sources WHERE id=?", (source_id,)).fetchone()
        return row[0] if row else ""

    def count_figures(self) -> int:
        return self.conn.execute("SELECT count(*) FROM figures WHERE status='active'").fetchone()[0]

    def candidates(self, words: list[str], *, limit: int = 50) -> list[Figure]:
        """Active figures whose subject shares a word with `words`, best first (FTS5 bm25)."""
        terms = sorted({w for w in words if w.isalnum() or all(c.isalnum() or c == "-" for c in w)})
        if not terms:
            return []
        # a prefix query finds "investment" for "invest"
        query = " OR ".join('"' + t.replace('"', "") + '"' + ("*" if len(t) >= 4 else "") for t in terms)
        ids = [r[0] for r in self.conn.execute(
            "SELECT rowid FROM figures_fts WHERE figures_fts MATCH ? ORDER BY bm25(figures_fts), rowid LIMIT ?",
            (query, limit),
        )]
        return [f for f in self._by_ids(ids) if f is not None]

    def _by_ids(self, ids: list[int]) -> list[Figure | None]:
        """Figures by id, read once per store and kept (the same figures serve many claims)."""
        missing = [i for i in ids if i not in self._figures]
        if missing:
            marks = ",".join("?" * len(missing))
            for r in self.conn.execute(
                    f"SELECT {_FIGURE_COLUMNS} FROM figures f JOIN sources s ON s.id = f.source_id"
                    f" WHERE f.id IN ({marks}) AND f.status = 'active'", missing):
                self._figures[r[0]] = _figure(r)
        return [self._figures.get(i) for i in ids]

    def term_weights(self, words: list[str]) -> dict[str, float]:
        """Inverse document frequency of each word among figure subjects: rare words weigh
        more. Kept per store: the same words come back claim after claim."""
        import math

        if self._figure_count is None:
            self._figure_count = self.count_figures()
        n = self._figure_count or 1
        missing = sorted({w for w in words if w not in self._weights})
        for i in range(0, len(missing), 500):
            chunk = missing[i:i + 500]
            for t in chunk:
                self._weights[t] = math.log(n + 1) + 1  # unseen: as rare as can be
            marks = ",".join("?" * len(chunk))
            for term, df in self.conn.execute(f"SELECT term, doc FROM figures_terms WHERE term IN ({marks})", chunk):
                self._weights[term] = math.log((n + 1) / (df + 1)) + 1
        return {w: self._weights[w] for w in words}

    def figures(self, source_id: int | None = None) -> list[Figure]:
        """Active figures in reading order: all of them, or those of one source."""
        where, args = ("AND f.source_id = ?", (source_id,)) if source_id is not None else ("", ())
        rows = self.conn.execute(
            f"SELECT {_FIGURE_COLUMNS} FROM figures f JOIN sources s ON s.id = f.source_id"
            f" WHERE f.status = 'active' {where} ORDER BY f.source_id, f.start", args
        ).fetchall()
        return [_figure(r) for r in rows]


def dimension_key(q: Quantity, units) -> str:
    if q.kind != "amount":
        return q.kind
    if not q.unit:
        return "count"
    return units.dimension(q.unit)


_FIGURE_COLUMNS = (
    "f.id, f.start, f.end, f.line, f.col, f.text, f.value, f.unit, f.kind, f.noun, f.hedge, f.hedge_text,"
    " f.step, f.lang, f.subject, f.entities, f.qualifiers, f.position, f.period_start, f.period_end, f.period_text, f.quote,"
    " s.id, s.path, s.title, s.publisher, s.published, s.author, s.url"
)


def _figure(r: tuple) -> Figure:
    (fid, start, end, line, col, text, value, unit, kind, noun, hedge, hedge_text, step, lang, subject,
     entities, quals, position, p0, p1, ptext, quote, sid, spath, title, publisher, published, author, url) = r
    q = Quantity(start, end, text, value, unit, kind, noun, hedge, hedge_text, step, lang)
    period = Period(p0, p1, ptext) if p0 is not None else None
    mention = Mention(q, quote, subject, tuple(json.loads(entities)), period, tuple(json.loads(quals)), position,
                      line, col)
    return Figure(fid, Source(sid, spath, title, publisher, published, author, url), mention, quote)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self):
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")
        return False
