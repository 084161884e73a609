"""The reference store: sourced figures in an embedded SQLite database.

Three tables hold what matters, readable as they are in any SQLite tool
(`datasette store.db`):

    sources   one row per version of a document: title, publisher, publication date,
              path or url, content hash, when it was ingested, the full text, and the
              newer version that superseded it, if any
    figures   one row per figure: value, unit, hedge, period, subject, the quote and
              its character offsets in the source text, its status (active,
              superseded, rejected) and its review (extracted, confirmed, corrected,
              rejected, added)
    reviews   editors' decisions about figures (confirm, correct, reject, add), kept
              by the document's key and the figure's anchor so that they outlive any
              one version of the document and are applied again at each re-ingest

`figures_fts` (SQLite FTS5, kept by triggers) indexes the subject words of the
active figures, so finding the candidates for a claim asks the index rather than
reading every figure. Every write runs in one transaction: a failed or killed write
leaves the store as it was. File stores use WAL, so readers are not blocked by a
writer. A store written by an older verify is migrated when opened (in one
transaction); one written by a newer verify is refused.

What the store's surroundings do to it (another writer holding the lock past
`lock_wait`, a read-only or full disk, a missing folder, a damaged file) arrives as
one of verify's StoreErrors named by its cause (`failure`), wherever the store is
used; other SQLite errors are verify's own bugs and pass as they are.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import StoreAccessError, StoreBusyError, StoreDamagedError, StoreError, StoreFullError
from ..models import Figure, Mention, Source
from .rows import FIGURE_COLUMNS, SOURCE_COLUMNS, figure_from, named, row_of, source_from
from .search import Search

if TYPE_CHECKING:
    from ..reading.sourcetext import Prepared

SCHEMA_VERSION = 5  # 5: documents known by their full path, not their file name (`legacy_keys`)
LOCK_WAIT = 10.0  # seconds a write waits for another writer's lock before giving up
STATUSES = ("active", "superseded", "rejected")
REVIEWS = ("extracted", "confirmed", "corrected", "rejected", "added")
ACTIONS = ("confirm", "correct", "reject", "add")

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,               -- the document across versions: its url, else its full path (as given over HTTP)
    path TEXT NOT NULL,              -- the name it was ingested under
    title TEXT NOT NULL,
    publisher TEXT,
    published TEXT,                  -- YYYY-MM-DD
    author TEXT,
    url TEXT,
    content_hash TEXT NOT NULL UNIQUE, -- sha256 of the text
    ingested TEXT NOT NULL,          -- when, UTC, ISO 8601
    superseded_by INTEGER REFERENCES sources(id) ON DELETE SET NULL, -- the newer version, if any
    about TEXT NOT NULL DEFAULT '{}', -- JSON: whom and what period it is about, the fiscal calendars it dates
    text TEXT NOT NULL
);
CREATE INDEX sources_key ON sources(key);
CREATE TABLE legacy_keys (           -- documents a verify before schema 5 knew by their file name alone:
    key TEXT PRIMARY KEY             -- the first one of that name ingested since takes its versions over
);
CREATE TABLE figures (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    anchor TEXT NOT NULL,            -- the figure across versions: hash of quote, number as written, occurrence
    start INTEGER NOT NULL,          -- character offsets of `text` in the source
    end INTEGER NOT NULL,
    line INTEGER NOT NULL,
    col INTEGER NOT NULL,
    text TEXT NOT NULL,              -- as written: "569 billion yuan"
    value REAL NOT NULL,             -- fully scaled: 5.69e11
    unit TEXT,                       -- pint expression, currencies as ISO codes
    dimension TEXT NOT NULL,         -- for retrieval: "[currency_CNY]", "count", ...
    norm REAL,                       -- the value in its dimension's base unit, for finding figures by value
    kind TEXT NOT NULL,              -- amount | ordinal | multiplier | fraction
    noun TEXT,                       -- counted noun: "projects"
    hedge TEXT,                      -- more_than, about, ... (data/language.toml)
    hedge_text TEXT,
    step REAL NOT NULL,              -- precision of the written value
    lang TEXT NOT NULL,
    subject TEXT NOT NULL,           -- the words of its metric ("data center revenue")
    concept TEXT,                    -- the glossary concept of its metric (data/concepts.toml), if known
    entity TEXT,                     -- whom it is about: a place id, "org:<id>" or "name:<words>"
    entities TEXT NOT NULL,          -- JSON list: its entity's id and name, for the word index
    qualifiers TEXT NOT NULL,        -- JSON list of [group, value]: ["per", "per_capita"], ["basis", "non_gaap"]
    frame TEXT NOT NULL DEFAULT '{}', -- JSON: its frame as read (verify/reading/frames.py)
    position INTEGER NOT NULL,       -- place among the same-unit numbers of its sentence
    period_start INTEGER,
    period_end INTEGER,
    period_text TEXT,
    quote TEXT NOT NULL,             -- the sentence it stands in
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN (@STATUSES)),
    review TEXT NOT NULL DEFAULT 'extracted'
        CHECK (review IN (@REVIEWS)),
    note TEXT,                       -- the editor's note
    extracted TEXT                   -- JSON: what was read, when an editor corrected it
);
CREATE INDEX figures_source ON figures(source_id, anchor);
CREATE INDEX figures_concept ON figures(concept, entity) WHERE status = 'active';
CREATE INDEX figures_value ON figures(dimension, norm) WHERE status = 'active';
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    source_key TEXT NOT NULL,        -- sources.key
    anchor TEXT NOT NULL,            -- figures.anchor
    action TEXT NOT NULL CHECK (action IN (@ACTIONS)),
    fields TEXT NOT NULL DEFAULT '{}', -- JSON: the corrected values; for add, the whole figure
    text TEXT NOT NULL,              -- the figure as written, for people: "569 billion yuan"
    note TEXT,
    at TEXT NOT NULL,                -- when, UTC, ISO 8601
    UNIQUE (source_key, anchor)
);
CREATE VIRTUAL TABLE figures_fts USING fts5(subject, entities, content="figures", content_rowid="id");
CREATE VIRTUAL TABLE figures_terms USING fts5vocab(figures_fts, 'col');
CREATE TRIGGER figures_fts_insert AFTER INSERT ON figures WHEN new.status = 'active' BEGIN
    INSERT INTO figures_fts (rowid, subject, entities) VALUES (new.id, new.subject, new.entities);
END;
CREATE TRIGGER figures_fts_delete AFTER DELETE ON figures WHEN old.status = 'active' BEGIN
    INSERT INTO figures_fts (figures_fts, rowid, subject, entities)
        VALUES ('delete', old.id, old.subject, old.entities);
END;
CREATE TRIGGER figures_fts_update AFTER UPDATE OF status, subject, entities ON figures BEGIN
    INSERT INTO figures_fts (figures_fts, rowid, subject, entities) SELECT 'delete', old.id, old.subject, old.entities
        WHERE old.status = 'active';
    INSERT INTO figures_fts (rowid, subject, entities) SELECT new.id, new.subject, new.entities
        WHERE new.status = 'active';
END;
"""
for _name, _values in (("@STATUSES", STATUSES), ("@REVIEWS", REVIEWS), ("@ACTIONS", ACTIONS)):
    SCHEMA = SCHEMA.replace(_name, ", ".join(f"'{v}'" for v in _values))  # each list once, in the tuples above


def statements(script: str) -> list[str]:
    """An SQL script as its statements (triggers whole), to run inside one transaction
    (`executescript` would commit first)."""
    out, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            out.append(pending.strip())
            pending = ""
    if pending.strip():
        out.append(pending.strip())
    return out


def now() -> str:
    """The current time as stored: UTC, ISO 8601, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def anchor(quote: str, text: str, occurrence: int) -> str:
    """A figure's identity across versions of its document: the sentence it stands in
    (spacing aside), the number as written, and which of its equals in that sentence."""
    import hashlib  # here: a check reads anchors, only ingest makes them

    key = "\x1f".join((" ".join(quote.split()), text, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


class Store:
    """An open store. Use `Store.open(path)`; close it, or use it as a context manager."""

    def __init__(self, conn: sqlite3.Connection, path: str):
        self.conn = conn
        self.path = path
        self.migrated_from: int | None = None  # the schema version this store was migrated from, if it was
        self.finder = Search(conn)  # finds figures, and keeps what it looked up; reset by writes
        self._about: dict[int, dict] = {}  # what each source is about, by source id
        self._calendars: dict[str, int] | None = None  # fiscal year-end months the sources date, by entity
        self._data_version: int | None = None  # PRAGMA data_version when the caches were last valid

    # ---- opening -----------------------------------------------------------------
    @classmethod
    def open(
        cls, path: str | Path, *, create: bool = False, lock_wait: float | None = None, immutable: bool = False
    ) -> Store:
        """Open a store file; with `create`, make it if it does not exist (several processes
        may create the same one at once). A store of an older schema is migrated; one of a
        newer schema is refused. A write waits up to `lock_wait` seconds for another
        writer's lock (default LOCK_WAIT), then fails with StoreBusyError.

        `immutable` opens it read-only in SQLite's immutable mode (`file:PATH?immutable=1`):
        no locks, no journal, nothing written beside it, so many processes (a cluster's
        workers, on shared storage too) can read one file; nothing may write it meanwhile."""
        lock_wait = LOCK_WAIT if lock_wait is None else lock_wait
        p = Path(path)
        if str(path) != ":memory:":
            if p.is_dir():
                raise StoreError("is a directory, not a store", where=str(path), fix="give a .db file path")
            if not p.exists() and not create:
                raise StoreError(
                    "no such store", where=str(path), fix="create it with `verify ingest FILE --store PATH`"
                )
            if not p.exists() and not p.parent.is_dir():
                raise StoreAccessError(
                    f"cannot be created: there is no folder {str(p.parent)!r}",
                    where=str(path),
                    fix="create the folder first, or give a path in one that exists",
                )
        conn = None
        try:
            target = f"{p.resolve().as_uri()}?immutable=1" if immutable else str(path)
            conn = sqlite3.connect(target, isolation_level=None, timeout=lock_wait, factory=_Connection, uri=immutable)
            conn.where = str(path)
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA busy_timeout = {int(lock_wait * 1000)}")  # wait for a writer's commit
            store = cls(conn, str(path))
            store._prepare(create)
        except BaseException as exc:
            if conn is not None:
                conn.close()
            if isinstance(exc, sqlite3.Error):
                known = failure(exc, str(path))
                if known is not None:
                    raise known from None
                raise StoreError(
                    f"is not a verify store ({exc})",
                    where=str(path),
                    fix="give a store made by `verify ingest`, or a new path",
                ) from None
            raise
        return store

    def _prepare(self, create: bool) -> None:
        tables = self._tables()
        if not tables:
            if not create:
                raise StoreError(
                    "is empty, not a verify store",
                    where=self.path,
                    fix="create it with `verify ingest FILE --store PATH`",
                )
            if self.path != ":memory:":  # WAL before the tables: a process that finds them finds them in WAL
                self._wal()
            with self.transaction():  # one creator at a time; the others find it made
                if not self._tables():
                    self._create()
            tables = self._tables()
        if "meta" not in tables or "figures" not in tables or "sources" not in tables:
            raise StoreError(
                "is an SQLite file but not a verify store", where=self.path, fix="give a store made by `verify ingest`"
            )
        version = self._version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"was written by a newer verify (schema version {version}; this verify reads up to {SCHEMA_VERSION})",
                where=self.path,
                fix="upgrade verify (pip install -U verify)",
            )
        if version < 1:
            raise StoreError(
                "has no schema version it can be read by",
                where=self.path,
                fix="rebuild it with `verify ingest` from its sources",
            )
        if version < SCHEMA_VERSION:
            self._migrate(version)

    def _version(self) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row and str(row[0]).isdigit() else 0

    def _wal(self) -> None:
        """Put a new store in WAL mode (readers are not blocked by a writer). Another process
        opening the same new store may hold a lock a moment: then try again."""
        import time

        for attempt in range(50):
            try:
                if self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() == "wal":
                    return
            except StoreBusyError:
                if attempt == 49:
                    raise
            time.sleep(0.02)

    def _tables(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}

    def _create(self) -> None:
        for stmt in statements(SCHEMA):
            self.conn.execute(stmt)
        self.conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    def _migrate(self, version: int) -> None:
        """Bring a store of an older schema to this one, in one transaction (another process
        may have done it while this one waited for the lock). From version 4 it is kept as
        it is, its documents marked as known by their file name alone (`legacy_keys`); an
        older one keeps its sources' texts and metadata and their figures are read again
        (versions 1 and 2 had no reviews, so nothing an editor did is lost). A version 4
        store that cannot be written (a read-only disk) is read as it is."""
        try:
            with self.transaction():
                if self._version() >= SCHEMA_VERSION:
                    return
                if version == 4:
                    self.conn.execute(next(s for s in statements(SCHEMA) if s.startswith("CREATE TABLE legacy_keys")))
                else:
                    self._rebuild()
                self.conn.execute(
                    "INSERT OR IGNORE INTO legacy_keys (key) SELECT DISTINCT key FROM sources WHERE url IS NULL"
                )
                self.conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
        except StoreAccessError:
            if version == 4:  # readable as it is: only writes need what version 5 adds
                return
            raise StoreAccessError(
                f"has schema version {version} and needs migrating to {SCHEMA_VERSION}, which cannot be written",
                where=self.path,
                fix="open it once where it can be written",
            ) from None
        except sqlite3.OperationalError as exc:
            raise StoreError(
                f"has schema version {version} and needs migrating to {SCHEMA_VERSION}, which failed ({exc})",
                where=self.path,
                fix="open it once where it can be written",
            ) from None
        self.migrated_from = version
        self._reset()

    def _rebuild(self) -> None:
        """Make the tables again and read every source's text again (inside the caller's
        transaction)."""
        from ..reading.sourcetext import read  # the reading stage, below the store

        have = {r[1] for r in self.conn.execute("PRAGMA table_info(sources)")}
        cols = [c for c in ("path", "title", "publisher", "published", "author", "url", "text") if c in have]
        rows = [dict(zip(cols, r)) for r in self.conn.execute(f"SELECT {', '.join(cols)} FROM sources ORDER BY id")]
        for name, kind in self.conn.execute(
            "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE 'figures_fts_%' ORDER BY name = 'figures_fts' DESC"
        ).fetchall():
            if self.conn.execute("SELECT 1 FROM sqlite_master WHERE name=?", (name,)).fetchone():
                self.conn.execute(f'DROP {"VIEW" if kind == "view" else "TABLE"} "{name}"')
        self._create()
        for r in rows:  # each document read afresh and written as ingest writes a new one
            doc = read(
                r.get("text") or "",
                path=r.get("path") or "document",
                title=r.get("title"),
                publisher=r.get("publisher"),
                published=r.get("published"),
                author=r.get("author"),
                url=r.get("url"),
                strict=False,
            )
            if self.source_by_hash(doc.digest) is not None:
                continue  # the same text twice in an old store: one document
            previous = self.current(doc.key, by_name=False)  # an older version of it, read before
            source_id, _ = self.add_document(doc)
            if previous is not None:
                self.supersede(previous.id, source_id)

    def transaction(self):
        return _Transaction(self.conn)

    def ensure_writable(self) -> None:
        """Raise StoreAccessError if this store's file, or the folder SQLite keeps its
        journal in, cannot be written (a service that takes writes checks before it starts)."""
        if self.path == ":memory:":
            return
        p = Path(self.path).resolve()
        for what, target in (("the store", p), ("its folder", p.parent)):
            if not os.access(target, os.W_OK):
                raise StoreAccessError(
                    f"is read-only: verify cannot write to {what}",
                    where=self.path,
                    fix="make it writable, or give a store you can write to",
                )

    def refresh(self) -> None:
        """Forget what was read if another connection has written since (a long-lived
        reader, such as a server thread, calls this before each request)."""
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if self._data_version is not None and version != self._data_version:
            self._reset()
        self._data_version = version

    def _reset(self) -> None:
        self.finder.reset()
        self._about.clear()
        self._calendars = None

    def close(self) -> None:
        self.conn.close()

    # ---- finding figures (`verify.store.search`) ---------------------------------------
    def candidates(self, claim: Mention, *, limit: int = 40) -> list[Figure]:
        """Active figures that may be about a claim (`Search.candidates`)."""
        return self.finder.candidates(claim, limit=limit)

    def search(self, words: list[str], *, names: Sequence[str] = (), limit: int = 50) -> list[Figure]:
        """Active figures whose metric shares a word with `words`, best first (`Search.search`)."""
        return self.finder.search(words, names=names, limit=limit)

    def term_weights(self, words: list[str]) -> dict[str, float]:
        """How rare each word is among figures' subjects (`Search.term_weights`)."""
        return self.finder.term_weights(words)

    def quoting(self, words: list[str], *, limit: int = 50, statuses: tuple[str, ...] = ("active",)) -> list[Figure]:
        """Figures whose source sentence has words starting with each of `words` (`Search.quoting`)."""
        return self.finder.quoting(words, limit=limit, statuses=statuses)

    def count_figures(self) -> int:
        """The active figures."""
        return self.finder.count_figures()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- writing (inside the caller's transaction) -------------------------------
    def add_source(
        self,
        *,
        key: str,
        path: str,
        title: str,
        text: str,
        content_hash: str,
        about: dict,
        publisher: str | None = None,
        published: str | None = None,
        author: str | None = None,
        url: str | None = None,
    ) -> int:
        cur = self.conn.execute(
            "INSERT INTO sources (key, path, title, publisher, published, author, url, content_hash, ingested,"
            " about, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                key,
                path,
                title,
                publisher,
                published,
                author,
                url,
                content_hash,
                now(),
                json.dumps(about, ensure_ascii=False, sort_keys=True),
                text,
            ),
        )
        self._reset()
        return _rowid(cur)

    def add_document(self, doc: Prepared) -> tuple[int, int]:
        """A document read by `verify.reading.sourcetext.read`, its source and its figures written
        (inside the caller's transaction): its source's id, and how many figures."""
        source_id = self.add_source(
            key=doc.key,
            path=doc.path,
            title=doc.title,
            text=doc.text,
            content_hash=doc.digest,
            about=doc.about,
            publisher=doc.publisher,
            published=doc.published,
            author=doc.author,
            url=doc.url,
        )
        return source_id, self.add_figures(source_id, list(doc.mentions))

    def add_figures(self, source_id: int, mentions: list[Mention]) -> int:
        seen: dict[tuple[str, str], int] = {}
        rows = []
        for m in mentions:
            k = (" ".join(m.sentence.split()), m.quantity.text)
            seen[k] = seen.get(k, -1) + 1
            rows.append(row_of(m, anchor(m.sentence, m.quantity.text, seen[k])))
        self.insert_figures(source_id, rows)
        return len(rows)

    def insert_figures(self, source_id: int, rows: list[dict]) -> list[int]:
        """Write figure rows (dicts of `figures` columns, without id and source_id)."""
        ids = []
        for r in rows:
            cols = ["source_id", *r]
            cur = self.conn.execute(
                f"INSERT INTO figures ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                (source_id, *r.values()),
            )
            ids.append(_rowid(cur))
        self._reset()
        return ids

    def update_figure(self, figure_id: int, **columns) -> None:
        sets = ", ".join(f"{c} = ?" for c in columns)
        self.conn.execute(f"UPDATE figures SET {sets} WHERE id = ?", (*columns.values(), figure_id))
        self._reset()

    def supersede(self, old_id: int, new_id: int) -> int:
        """Mark an older version of a document, and its figures, as superseded (their
        review, such as rejected, stays as it was)."""
        self.conn.execute("UPDATE sources SET superseded_by = ? WHERE id = ?", (new_id, old_id))
        cur = self.conn.execute(
            "UPDATE figures SET status = 'superseded' WHERE source_id = ? AND status != 'superseded'", (old_id,)
        )
        self._reset()
        return cur.rowcount

    def delete_source(self, source_id: int) -> None:
        # versions it superseded are superseded by what superseded it: the chain holds
        self.conn.execute(
            "UPDATE sources SET superseded_by = (SELECT superseded_by FROM sources WHERE id = ?)"
            " WHERE superseded_by = ?",
            (source_id, source_id),
        )
        self.conn.execute("DELETE FROM sources WHERE id = ?", (source_id,))
        self._reset()

    def put_review(self, source_key: str, anchor_: str, action: str, fields: dict, note: str | None, text: str) -> None:
        self.conn.execute(
            "INSERT INTO reviews (source_key, anchor, action, fields, text, note, at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (source_key, anchor) DO UPDATE SET action = excluded.action, fields = excluded.fields,"
            " text = excluded.text, note = excluded.note, at = excluded.at",
            (source_key, anchor_, action, json.dumps(fields, ensure_ascii=False, sort_keys=True), text, note, now()),
        )

    def delete_figure(self, figure_id: int) -> None:
        self.conn.execute("DELETE FROM figures WHERE id = ?", (figure_id,))
        self._reset()

    def drop_review(self, source_key: str, anchor_: str) -> None:
        self.conn.execute("DELETE FROM reviews WHERE source_key = ? AND anchor = ?", (source_key, anchor_))

    # ---- reading -----------------------------------------------------------------
    def sources(self, *, every_version: bool = False) -> list[Source]:
        """The documents held: their current versions, or with `every_version` also those superseded."""
        where = "" if every_version else "WHERE superseded_by IS NULL"
        return [source_from(r) for r in named(self.conn, f"SELECT {SOURCE_COLUMNS} FROM sources s {where} ORDER BY id")]

    def source(self, source_id: int) -> Source | None:
        row = named(self.conn, f"SELECT {SOURCE_COLUMNS} FROM sources s WHERE id = ?", (source_id,)).fetchone()
        return source_from(row) if row else None

    def source_by_hash(self, content_hash: str) -> Source | None:
        row = named(
            self.conn, f"SELECT {SOURCE_COLUMNS} FROM sources s WHERE content_hash = ?", (content_hash,)
        ).fetchone()
        return source_from(row) if row else None

    def current(self, key: str, *, by_name: bool = True) -> Source | None:
        """The current version of a document, by its key. With `by_name`, a bare file name
        that is no document's key finds the one current document of that name (a line of
        an export written on another machine, or by hand); None if there are several."""
        row = named(
            self.conn,
            f"SELECT {SOURCE_COLUMNS} FROM sources s WHERE key = ? AND superseded_by IS NULL ORDER BY id DESC LIMIT 1",
            (key,),
        ).fetchone()
        if row is None and by_name and key and "/" not in key and "\\" not in key:
            like = "%/" + key.replace("%", "\\%").replace("_", "\\_")  # LIKE ignores case: the names are compared below
            rows = [
                r
                for r in named(
                    self.conn,
                    f"SELECT {SOURCE_COLUMNS} FROM sources s WHERE key LIKE ? ESCAPE '\\'"
                    " AND url IS NULL AND superseded_by IS NULL",
                    (like,),
                )
                if _file_name(r["key"]) == key
            ]
            row = rows[0] if len(rows) == 1 else None
        return source_from(row) if row else None

    def take_over(self, key: str) -> Source | None:
        """The current version of the document a verify before schema 5 knew by the file
        name of `key` alone, if there is one: from now on it is known by `key`, with its
        older versions and its editors' reviews (inside the caller's transaction)."""
        name = _file_name(key)
        if (
            not name
            or name == key
            or not self.conn.execute("SELECT 1 FROM legacy_keys WHERE key = ?", (name,)).fetchone()
        ):
            return None
        self.conn.execute("DELETE FROM legacy_keys WHERE key = ?", (name,))
        if self.current(name, by_name=False) is None:
            return None
        self.conn.execute("UPDATE sources SET key = ? WHERE key = ? AND url IS NULL", (key, name))
        self.conn.execute("UPDATE reviews SET source_key = ? WHERE source_key = ?", (key, name))
        self._reset()
        return self.current(key, by_name=False)

    def known_by_name(self, key: str) -> None:
        """A document is now named by `key` itself: a later path ending in it does not take
        it over (inside the caller's transaction)."""
        self.conn.execute("DELETE FROM legacy_keys WHERE key = ?", (key,))

    def text_of(self, source_id: int) -> str:
        """The full text of a source, as ingested ("" for no such source)."""
        row = self.conn.execute("SELECT text FROM sources WHERE id=?", (source_id,)).fetchone()
        return row[0] if row else ""

    def about(self, source_id: int) -> dict:
        """What a source is about, as read at ingest: {"entity": [id, name], "period": label,
        "calendars": [[entity, month], ...]}."""
        if source_id not in self._about:
            row = self.conn.execute("SELECT about FROM sources WHERE id=?", (source_id,)).fetchone()
            self._about[source_id] = json.loads(row[0]) if row else {}
        return self._about[source_id]

    def calendars(self) -> dict[str, int]:
        """The month each company's fiscal year ends in, as the current sources date it."""
        if self._calendars is None:
            out: dict[str, int] = {}
            for (about,) in self.conn.execute("SELECT about FROM sources WHERE superseded_by IS NULL ORDER BY id"):
                for entity, month in json.loads(about).get("calendars", []):
                    out[entity] = int(month)
            self._calendars = out
        return self._calendars

    def reviews(self, source_key: str | None = None) -> list[dict]:
        where, args = ("WHERE source_key = ?", (source_key,)) if source_key is not None else ("", ())
        rows = named(
            self.conn,
            f"SELECT source_key, anchor, action, fields, text, note, at FROM reviews {where} ORDER BY source_key, id",
            args,
        )
        return [{**dict(r), "fields": json.loads(r["fields"])} for r in rows]

    def review_of(self, source_key: str, anchor_: str) -> dict | None:
        row = named(
            self.conn,
            "SELECT source_key, anchor, action, fields, text, note, at FROM reviews"
            " WHERE source_key = ? AND anchor = ?",
            (source_key, anchor_),
        ).fetchone()
        return {**dict(row), "fields": json.loads(row["fields"])} if row else None

    def anchored(self, source_id: int, anchor_: str) -> dict | None:
        """The figure of a source with this anchor, as its row (like `figure_row`), if any."""
        row = self.conn.execute(
            "SELECT id FROM figures WHERE source_id = ? AND anchor = ? ORDER BY id LIMIT 1", (source_id, anchor_)
        ).fetchone()
        return self.figure_row(row[0]) if row else None

    def figure(self, figure_id: int) -> Figure | None:
        """One figure by id, whatever its status."""
        row = named(
            self.conn,
            f"SELECT {FIGURE_COLUMNS} FROM figures f JOIN sources s ON s.id = f.source_id WHERE f.id = ?",
            (figure_id,),
        ).fetchone()
        return figure_from(row) if row else None

    def figure_row(self, figure_id: int) -> dict | None:
        """One figure as its row (every column), with its source's key; None if there is no such figure."""
        cur = self.conn.execute(
            "SELECT f.*, s.key AS source_key FROM figures f JOIN sources s ON s.id = f.source_id WHERE f.id = ?",
            (figure_id,),
        )
        row = cur.fetchone()
        return dict(zip((d[0] for d in cur.description), row)) if row else None

    def figure_rows(self, source_id: int) -> list[dict]:
        cur = self.conn.execute(
            "SELECT f.*, s.key AS source_key FROM figures f JOIN sources s ON s.id = f.source_id"
            " WHERE f.source_id = ? ORDER BY f.start, f.id",
            (source_id,),
        )
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    def figures(self, source_id: int | None = None, *, statuses: tuple[str, ...] = ("active",)) -> list[Figure]:
        """Figures in reading order, of the given statuses: all of them, or those of one source."""
        marks = ",".join("?" * len(statuses))
        where, args = ("AND f.source_id = ?", (source_id,)) if source_id is not None else ("", ())
        rows = named(
            self.conn,
            f"SELECT {FIGURE_COLUMNS} FROM figures f JOIN sources s ON s.id = f.source_id"
            f" WHERE f.status IN ({marks}) {where} ORDER BY f.source_id, f.start, f.id",
            (*statuses, *args),
        )
        return [figure_from(r) for r in rows]


def _file_name(key: str) -> str:
    """The last part of a path, as verify before schema 5 keyed documents (no file system)."""
    return key.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def _rowid(cur: sqlite3.Cursor) -> int:
    """The id of the row the INSERT run on `cur` wrote (sqlite3 sets it on every INSERT)."""
    if cur.lastrowid is None:
        raise StoreError("an INSERT wrote no row")
    return cur.lastrowid


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception (a failed COMMIT too)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self):
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
        else:
            self._rollback()
        return False

    def _rollback(self) -> None:
        if self.conn.in_transaction:  # SQLite may have rolled back already (a full disk)
            try:
                self.conn.execute("ROLLBACK")
            except (sqlite3.Error, StoreError):  # the error that brought us here is the one to report
                pass


# ---- what the store's surroundings do to it -------------------------------------------
def failure(exc: sqlite3.Error, path: str) -> StoreError | None:
    """The StoreError naming the cause of an SQLite error that comes from the store's
    surroundings (its disk, its folder, other writers, a damaged file), or None for
    one that does not (verify's own bug)."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    folder = os.path.dirname(os.path.abspath(path)) if path != ":memory:" else "."
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreBusyError(
            "the store is busy (locked by another writer)", where=path, fix="try again in a few seconds"
        )
    if primary == sqlite3.SQLITE_FULL or (primary == sqlite3.SQLITE_IOERR and _disk_full(folder)):
        return StoreFullError(
            "the disk it is on is full", where=path, fix="free some space there, or move the store to another disk"
        )
    if primary == sqlite3.SQLITE_READONLY:
        return StoreAccessError(
            "is read-only: verify cannot write to it",
            where=path,
            fix="give a store on a writable disk, or check the file's and its folder's permissions",
        )
    if primary in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
        if not os.path.isdir(folder):
            return StoreAccessError(
                f"cannot be opened: there is no folder {folder!r}",
                where=path,
                fix="create the folder first, or give a path in one that exists",
            )
        if not os.access(folder, os.W_OK):
            if not os.path.exists(path):
                return StoreAccessError(
                    "cannot be created: its folder is read-only",
                    where=path,
                    fix="give a path in a folder you can write to",
                )
            return StoreAccessError(
                "cannot be opened: its folder is read-only (SQLite keeps its journal beside the store)",
                where=path,
                fix="copy the store to a folder you can write to",
            )
        return StoreAccessError(
            f"cannot be opened ({exc})", where=path, fix="check the file's and its folder's permissions"
        )
    if primary == sqlite3.SQLITE_IOERR:
        return StoreAccessError(f"cannot be read or written ({exc})", where=path, fix="check the disk it is on")
    if primary == sqlite3.SQLITE_CORRUPT:
        return StoreDamagedError(
            f"is damaged ({exc})",
            where=path,
            fix="restore it from a backup, or rebuild it with `verify ingest` from its sources",
        )
    if primary == sqlite3.SQLITE_NOTADB:
        return StoreError(
            f"is not a verify store ({exc})", where=path, fix="give a store made by `verify ingest`, or a new path"
        )
    return None


def _disk_full(folder: str) -> bool:
    import shutil

    try:
        return shutil.disk_usage(folder).free < 1 << 20  # less than a megabyte: SQLite's write could not fit
    except OSError:
        return False


class _Cursor(sqlite3.Cursor):
    """A cursor whose errors from the store's surroundings are StoreErrors (`failure`)."""

    def execute(self, sql, parameters=()):
        try:
            return super().execute(sql, parameters)
        except sqlite3.Error as exc:
            _reraise(exc, self.connection)

    def fetchone(self):
        try:
            return super().fetchone()
        except sqlite3.Error as exc:
            _reraise(exc, self.connection)

    def fetchall(self):
        try:
            return super().fetchall()
        except sqlite3.Error as exc:
            _reraise(exc, self.connection)

    def __iter__(self):
        # the rows at once, through fetchall's error mapping: a Python-level __next__ for
        # every row cost ~1.5 ms of a 150 ms check (the store's queries return few rows)
        return iter(self.fetchall())


class _Connection(sqlite3.Connection):
    """The store's connection: every statement runs on a `_Cursor`."""

    where = ""  # the store's path, for messages

    def execute(self, sql, parameters=()):
        return self.cursor(_Cursor).execute(sql, parameters)


def _reraise(exc: sqlite3.Error, conn: sqlite3.Connection):
    known = failure(exc, getattr(conn, "where", "") or "store")
    if known is None:
        raise exc
    raise known from None
