"""Finding the figures a claim may be about: by its concept (its entity's first), by a value
near its own, and by the words of its metric through the full-text index, each way asking
an index so that the time per claim does not grow with the store. `Search` is what
`verify.store.Store` finds figures with; what it has looked up is kept per store, and
forgotten when the store is written (`Search.reset`, by `Store._reset`)."""

from __future__ import annotations

import math
import re
import sqlite3
from bisect import bisect_left
from collections.abc import Sequence

from ..cache import regex
from ..knowledge import units
from ..knowledge.names import ancestors, english_of
from ..models import Figure, Mention, Quantity
from .rows import FIGURE_COLUMNS, figure_from, named

BUDGET = 2000  # postings the selecting words of a candidate query may read together
MEMORY_UP_TO = 200_000  # active figures a store may hold for its concept and value indexes to be read into memory
COMMON = 0.2  # a word in more than this share of the figures does not rank candidates either
SEARCHES_KEPT = 20_000  # answers of `Search.search` kept (all are forgotten when more are asked)


_WORDS = regex(r"\w+")


def _terms(words) -> set[str]:
    """Words as the index has them: lowercased, "cross-border" as "cross" and "border"."""
    out = set()
    for w in words:
        low = w.lower()
        if low.isalnum():  # all word characters (as \w has them): nothing to split
            out.add(low)
        else:
            out.update(part for part in _NON_WORD.split(low) if part)
    return out


_NON_WORD = regex(r"[^\w]+")


def _phrase(term: str) -> str:
    return '"' + term.replace('"', "") + '"'


class Search:
    """The store's ways of finding figures: a `verify.store.Store` finds them with one, made
    on its connection. What it has looked up is kept, until `reset` (the store was written)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn  # the store's connection
        self._figure_count: int | None = None  # active figures, for term weights
        self._figures: dict[int, Figure] = {}  # figures already read, by id
        self._weights: dict[str, float] = {}  # term weights already computed
        self._df: dict[str, dict[str, int]] = {}  # figures having each term, by column
        self._starting: dict[str, list[str]] = {}  # the commonest terms starting with a word
        self._memory: _Memory | None = None  # the concept and value indexes, once read (see `_indexes`)
        self._asked = 0  # candidate queries answered by SQLite since the last reset
        self._searches: dict[tuple, list[Figure]] = {}  # `search`'s answers, by its arguments

    def reset(self) -> None:
        """Forget what was looked up: the store was written."""
        self._figure_count = None
        self._figures.clear()
        self._weights.clear()
        self._df.clear()
        self._starting.clear()
        self._memory = None
        self._asked = 0
        self._searches.clear()

    def count_figures(self) -> int:
        return self.conn.execute("SELECT count(*) FROM figures WHERE status='active'").fetchone()[0]

    def candidates(self, claim: Mention, *, limit: int = 40) -> list[Figure]:
        """Active figures that may be about a claim: those of its concept (its entity's
        first, then any), those whose value lies near the claim's (whatever their words:
        the figure that says the number, to explain a miss), and, for a metric the
        glossary does not name, those whose metric shares its words. Each way asks an index,
        so the time per claim does not grow with the store."""
        f = claim.frame
        ids: list[int] = []
        memory = self._indexes()
        if f.concept:
            # its entity's figures (and its places') first, then any of the concept
            entities = [f.entity, *ancestors(f.entity)] if f.entity else []
            if memory is not None:
                ids += memory.of_concept(f.concept, entities, limit)
            else:  # one statement, each part read in index order (a statement costs more than its rows)
                marks = ",".join("?" * len(entities))
                own = (
                    f"SELECT id FROM (SELECT id FROM figures WHERE concept = ? AND entity IN ({marks})"
                    " AND status = 'active' ORDER BY id LIMIT ?) UNION ALL "
                    if entities
                    else ""
                )
                ids += [
                    r[0]
                    for r in self.conn.execute(
                        f"{own}SELECT id FROM (SELECT id FROM figures WHERE concept = ? AND status = 'active'"
                        " ORDER BY id LIMIT ?)",
                        ((f.concept, *entities, limit) if entities else ()) + (f.concept, limit // 2),
                    )
                ]
        ids += self._by_value(claim.quantity, limit=limit // 2, memory=memory)
        words = list(f.words)
        if any(not w.isascii() for w in f.words + f.modifiers):  # a Chinese metric: also by its terms' English words
            words = list(english_of(f.words + f.modifiers, every=True)) + words
        if words and (
            not f.concept or len(words) > len(f.words)
        ):  # a named concept finds its figures by the index on concepts
            ids += [
                fig.id
                for fig in self.search(
                    words,
                    names=[f.entity_name or ""] if f.entity_name else [],
                    limit=limit // 2 if f.concept else limit,
                )
            ]
        unique = list(dict.fromkeys(ids))  # each once, in order
        return [x for x in self._by_ids(unique) if x is not None]

    def _by_value(self, q: Quantity, *, limit: int, memory: _Memory | None = None) -> list[int]:
        """Figures of the same dimension whose value lies within 10% of `q`'s."""
        try:
            dim = units.dimension_key(q)
            norm = units.normalised(q)
        except Exception:  # a unit verify cannot resolve finds nothing by value
            return []
        if norm is None or not math.isfinite(norm):
            return []
        lo, hi = sorted((norm * 0.9, norm * 1.1))
        if memory is not None:
            near = memory.near(dim, norm, lo, hi, limit)
            return [i for _, i in sorted((abs(v - norm), i) for i, v in near)[:limit]]
        # the nearest values on either side, each read in index order (a range sorted by
        # distance would read every figure within 10%: a fifth of a large store), in one statement
        near = self.conn.execute(
            "SELECT id, norm FROM (SELECT id, norm FROM figures WHERE dimension = ? AND norm >= ? AND norm <= ?"
            " AND status = 'active' ORDER BY norm, id LIMIT ?) UNION ALL"
            " SELECT id, norm FROM (SELECT id, norm FROM figures WHERE dimension = ? AND norm < ? AND norm >= ?"
            " AND status = 'active' ORDER BY norm DESC, id LIMIT ?)",
            (dim, norm, hi + 1e-12, limit, dim, norm, lo - 1e-12, limit),
        ).fetchall()
        return [i for _, i in sorted((abs(v - norm), i) for i, v in near)[:limit]]

    def search(self, words: list[str], *, names: Sequence[str] = (), limit: int = 50) -> list[Figure]:
        """Active figures whose metric shares a word with `words`, best first; figures
        that also have the `names` (places, organisations) rank higher. Each answer is kept
        (up to SEARCHES_KEPT of them): claims about the same metric ask the same again
        (two in five of the searches of the eval sets' drafts, checked one after another)."""
        key = (tuple(words), tuple(names), limit)
        found = self._searches.get(key)
        if found is None:
            if len(self._searches) >= SEARCHES_KEPT:
                self._searches.clear()
            found = self._searches[key] = self._search(words, names, limit)
        return list(found)

    def _search(self, words: list[str], names: Sequence[str], limit: int) -> list[Figure]:
        """`search`, asking the index.

        The index (FTS5) answers in time proportional to the postings it reads, so the
        query is shaped by how common each word is: the rarest words (up to BUDGET
        postings together) select the figures, and each commoner word counts only
        within them, for ranking (bm25). A word no figure has is looked up as the
        start of one ("invest" finds "investment"). On a store of fewer figures than
        BUDGET, this is a plain OR of every word."""
        subject = _terms(words)
        if not subject:
            return []
        terms = sorted(subject | _terms(names))
        freq = self._doc_freqs(terms)
        for t in [t for t in terms if not freq.get(t) and len(t) >= 4]:
            for longer in self._longer(t):  # also a name cut short: "kaixinp" for Kaixinping
                freq[longer] = self._doc_freqs([longer])[longer]
        present = sorted((t for t, df in freq.items() if df), key=lambda t: (freq[t], t))
        if not present:
            return []
        rare: list[str] = []
        total = 0
        for t in present:
            if rare and total + freq[t] > BUDGET:
                break
            rare.append(t)
            total += freq[t]
        selecting = " OR ".join(_phrase(t) for t in rare)
        common = [t for t in present[len(rare) :] if freq[t] <= COMMON * self._count()]
        if not common:  # every word fits the budget: the index ranks them all (bm25)
            ids = [
                r[0]
                for r in self.conn.execute(
                    "SELECT rowid FROM figures_fts WHERE figures_fts MATCH ? ORDER BY bm25(figures_fts), rowid LIMIT ?",
                    (selecting, limit),
                )
            ]
        else:  # the rare words select; every word ranks what they selected, by its rarity
            n = self._count()
            weight = {t: math.log((n + 1) / (freq[t] + 1)) for t in rare + common}
            scored = []
            for fid, about, names_ in self.conn.execute(
                "SELECT f.id, f.subject, f.entities FROM figures_fts JOIN figures f ON f.id = figures_fts.rowid"
                " WHERE figures_fts MATCH ? LIMIT ?",
                (selecting, 4 * BUDGET),
            ):
                have = set(_WORDS.findall(f"{about} {names_}".lower()))
                scored.append((-sum(w for t, w in weight.items() if t in have), fid))
            ids = [fid for _, fid in sorted(scored)[:limit]]
        # a figure that shares only a name with the claim is not about it
        wanted = {t for t in subject if freq.get(t)} | {
            t for t in freq if freq[t] and t not in terms and any(t.startswith(w) for w in subject)
        }
        return [f for f in self._by_ids(ids) if f is not None and wanted & _terms(f.mention.subject.split())]

    def _indexes(self) -> _Memory | None:
        """The concept and value indexes in memory, read once the store has answered as
        many candidate queries as it has hundreds of active figures (reading a figure's
        row costs about a hundredth of a query): at once for a small store, after a few
        hundred claims for a store of tens of thousands of figures, never for a store
        of more than MEMORY_UP_TO. None while SQLite answers."""
        if self._memory is None:
            self._asked += 1
            n = self._count()
            if n <= MEMORY_UP_TO and self._asked * 100 > n:
                self._memory = _Memory(
                    self.conn.execute(
                        "SELECT id, concept, entity, dimension, norm FROM figures WHERE status = 'active' ORDER BY id"
                    )
                )
        return self._memory

    def _longer(self, prefix: str) -> list[str]:
        """The (up to three) commonest terms that start with `prefix`. Read once per store."""
        if prefix not in self._starting:
            self._starting[prefix] = [
                term
                for (term,) in self.conn.execute(
                    "SELECT term FROM figures_terms WHERE term > ? AND term < ?"
                    " GROUP BY term ORDER BY sum(doc) DESC, term LIMIT 3",
                    (prefix, prefix + "\uffff"),
                )
            ]
        return self._starting[prefix]

    def _count(self) -> int:
        if self._figure_count is None:
            self._figure_count = self.count_figures()
        return self._figure_count

    def _doc_freqs(self, terms: list[str], *, column: str | None = None) -> dict[str, int]:
        """How many active figures have each term (0 for none): in any column, or in one
        (subject, entities). Read once per store."""
        missing = [t for t in terms if t not in self._df]
        for i in range(0, len(missing), 500):
            chunk = missing[i : i + 500]
            for t in chunk:
                self._df[t] = {}
            marks = ",".join("?" * len(chunk))
            for term, col, df in self.conn.execute(
                f"SELECT term, col, doc FROM figures_terms WHERE term IN ({marks})", chunk
            ):
                self._df[term][col] = df
        if column is None:  # a figure has a term in one column or both: the larger count bounds the postings
            return {t: sum(self._df[t].values()) for t in terms}
        return {t: self._df[t].get(column, 0) for t in terms}

    def _by_ids(self, ids: list[int]) -> list[Figure | None]:
        """Figures by id, read once per store and kept (the same figures serve many claims)."""
        missing = [i for i in ids if i not in self._figures]
        if missing:
            marks = ",".join("?" * len(missing))
            for r in named(
                self.conn,
                f"SELECT {FIGURE_COLUMNS} FROM figures f JOIN sources s ON s.id = f.source_id"
                f" WHERE f.id IN ({marks}) AND f.status = 'active'",
                missing,
            ):
                self._figures[r["id"]] = figure_from(r)
        return [self._figures.get(i) for i in ids]

    def term_weights(self, words: list[str]) -> dict[str, float]:
        """Inverse document frequency of each word among figure subjects: rare words weigh
        more. Kept per store: the same words come back claim after claim."""
        n = self._count() or 1
        missing = sorted({w for w in words if w not in self._weights})
        for term, df in self._doc_freqs(missing, column="subject").items():
            self._weights[term] = math.log((n + 1) / (df + 1)) + 1  # unseen (0): as rare as can be
        return {w: self._weights[w] for w in words}

    def quoting(self, words: list[str], *, limit: int = 50, statuses: tuple[str, ...] = ("active",)) -> list[Figure]:
        """Figures whose source sentence has words starting with each of `words` (case-insensitive), in
        reading order: for words the metric index does not hold ("clearance" in "export
        clearance efficiency", whose metric is exports). One pass over the figures."""
        if not words:
            return []
        marks = ",".join("?" * len(statuses))
        like = " AND ".join("lower(f.quote) LIKE ? ESCAPE '\\'" for _ in words)
        pattern = [("%" + w.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%") for w in words]
        rows = named(
            self.conn,
            f"SELECT {FIGURE_COLUMNS} FROM figures f JOIN sources s ON s.id = f.source_id"
            f" WHERE f.status IN ({marks}) AND {like} ORDER BY f.source_id, f.start, f.id",
            (*statuses, *pattern),
        )
        starts = [regex(r"(?i)(?<!\w)" + re.escape(w)) for w in words]  # "port", not the port of "exports"
        out = []
        for r in rows:
            figure = figure_from(r)
            if all(p.search(figure.quote) for p in starts):
                out.append(figure)
                if len(out) == limit:
                    break
        return out


class _Memory:
    """A store's indexes on concepts (concept, entity -> ids) and values (dimension ->
    norms in order), read into memory: they answer as the SQL of `Search.candidates`
    and `Search._by_value` does, row for row and in the same order, without a
    statement a query."""

    def __init__(self, rows) -> None:
        self.concept: dict[str, list[int]] = {}  # concept -> ids, ascending
        self.entity: dict[tuple[str, str], list[int]] = {}  # (concept, entity) -> ids, ascending
        values: dict[str, list[tuple[float, int]]] = {}
        for fid, concept, entity, dimension, norm in rows:  # in id order
            if concept is not None:
                self.concept.setdefault(concept, []).append(fid)
                if entity is not None:
                    self.entity.setdefault((concept, entity), []).append(fid)
            if dimension is not None and norm is not None:
                values.setdefault(dimension, []).append((norm, fid))
        self.norms: dict[str, tuple[list[float], list[int]]] = {}  # dimension -> (norms, ids), by norm then id
        for dimension, pairs in values.items():
            pairs.sort()
            self.norms[dimension] = ([v for v, _ in pairs], [i for _, i in pairs])

    def of_concept(self, concept: str, entities: list[str], limit: int) -> list[int]:
        """The first `limit` figures of the concept and any of the entities, then the
        first limit // 2 of the concept, by id (with repeats, as UNION ALL has them)."""
        own: list[int] = []
        if entities:
            lists = [self.entity.get((concept, e), []) for e in dict.fromkeys(entities)]
            own = sorted(i for ids in lists for i in ids[:limit])[:limit]
        return own + self.concept.get(concept, [])[: limit // 2]

    def near(self, dimension: str, norm: float, lo: float, hi: float, limit: int) -> list[tuple[int, float]]:
        """(id, norm) of up to `limit` figures from `norm` up to hi, by norm then id, and
        up to `limit` below it down to lo, by norm descending then id."""
        norms, ids = self.norms.get(dimension, ([], []))
        start = bisect_left(norms, norm)
        out: list[tuple[int, float]] = []
        j = start
        while j < len(norms) and norms[j] <= hi + 1e-12 and len(out) < limit:
            out.append((ids[j], norms[j]))
            j += 1
        below: list[tuple[int, float]] = []
        j = start - 1
        while j >= 0 and norms[j] >= lo - 1e-12 and len(below) < limit:
            first = bisect_left(norms, norms[j], 0, j)  # the run of equal norms ending at j, by id
            below += [(ids[k], norms[k]) for k in range(first, j + 1)][: limit - len(below)]
            j = first - 1
        return out + below
