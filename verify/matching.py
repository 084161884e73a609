"""Matching: which stored figure, if any, a claim is about.

A claim and a figure are about the same thing when their subjects read alike
(rapidfuzz, word by word, nearer words weighing more) and the structure agrees:
the same kind of number, units of one dimension (or the same counted noun), the
same entity and an overlapping period. `align` scores every candidate the store
offers and says, for the best, what (if anything) stands in the way.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from . import units
from .claims import CLAUSE_END, clause_words
from .models import Figure, Mention, Quantity
from .quantities import as_percent


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stored figure considered for a claim."""

    figure: Figure  # the figure
    score: float  # subject similarity, 0-100
    problem: str | None  # why it cannot be compared: unit_mismatch, entity_mismatch, period_mismatch; None if it can
    specificity: float = 1.0  # how much of the figure's own clause the claim names (0-1, rare words weigh more)
    quantity: Quantity | None = None  # the figure's value as compared, when not as stored (a converted currency)
    note: str | None = None  # how `quantity` was had from the figure ("at the source's own rate, ...")

    @property
    def value(self) -> Quantity:
        """What the claim is compared with."""
        return self.quantity or self.figure.mention.quantity


def similarity(claim_subject: str, figure_subject: str, weights: dict[str, float] | None = None, *,
               ignore: frozenset[str] = frozenset(), free: int = 6, decay: float = 6.0,
               cutoff: float = 85.0) -> float:
    """How much of what the claim is about the figure's words cover (0-100).

    Subjects are content words ordered nearest-first (see `claims.subject_of`). A word's
    proximity weight is 1 for the `free` nearest words and then falls off as
    1 / (1 + (rank - free) / decay), on both sides; `weights` (the store's inverse
    document frequencies) make rare words count more. A claim word is covered by the
    figure word a rapidfuzz ratio of at least `cutoff` finds, in proportion to that
    word's proximity to the figure's number. Words in `ignore` (the figure's names,
    which the entity check weighs) do not count.
    """
    cw = [w for w in claim_subject.split() if w not in ignore and w != CLAUSE_END]
    fw = [w for w in figure_subject.split() if w != CLAUSE_END]
    if not cw or not fw:
        return 0.0
    rank = {}
    for i, w in enumerate(fw):
        rank.setdefault(w, i)
    prox = lambda r: 1.0 if r < free else 1.0 / (1.0 + (r - free + 1) / decay)  # noqa: E731
    total = got = 0.0
    for i, w in enumerate(cw):
        weight = prox(i) * (weights.get(w, 1.0) if weights else 1.0)
        total += weight
        hit = _best(w, tuple(fw), cutoff)
        if hit is not None:
            got += weight * prox(rank[hit])
    return 100.0 * got / total


def score(claim: Mention, figure: Figure, weights: dict[str, float] | None = None) -> float:
    """Subject similarity, where a counted noun shared by both ("residents") weighs as
    much as all the other words together: for a count, the noun is the metric."""
    ignore = frozenset(e.lower() for e in figure.mention.entities)
    s = similarity(claim.subject, figure.mention.subject, weights, ignore=ignore)
    a, b = claim.quantity.noun, figure.mention.quantity.noun
    if a and b and (a == b or fuzz.ratio(a, b) >= 85):
        return 50.0 + s / 2
    return s


@lru_cache(maxsize=65536)
def _best(word: str, choices: tuple[str, ...], cutoff: float) -> str | None:
    if word in choices:
        return word
    if len(word) < 4:
        return None
    for c in choices:  # invest / investment, provincial / province
        if len(c) >= 5 and len(word) >= 5 and (c.startswith(word) or word.startswith(c)):
            return c
    found = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
    return found[0] if found else None


def comparable(claim: Mention, figure: Figure) -> bool:
    """Same kind of number, and units (or counted nouns) that can be compared."""
    a, b = as_percent(claim.quantity), as_percent(figure.mention.quantity)
    if a.kind != b.kind:
        return False
    if a.kind != "amount":
        return True
    if a.unit or b.unit:
        return units.compatible(a.unit, b.unit)
    if a.noun and b.noun:
        return a.noun == b.noun or fuzz.ratio(a.noun, b.noun) >= 85
    return a.noun == b.noun or not (a.noun and b.noun)


def entity_problem(claim: Mention, figure: Figure, source_names: frozenset[str]) -> bool:
    """Does the claim name someone the figure's sentence and source are not about?"""
    known = {n.lower() for n in figure.mention.entities} | source_names
    for name in claim.entities:
        n = name.lower()
        if n in known:
            continue
        if any(fuzz.ratio(n, k) >= 90 or (len(n) > 3 and (n in k.split("-") or k in n.split("-"))) for k in known):
            continue
        return True
    return False


def period_problem(claim: Mention, figure: Figure) -> bool:
    a, b = claim.period, figure.mention.period
    if a is None or b is None:
        return False
    return a.end < b.start or b.end < a.start


def specificity(claim: Mention, figure: Figure, weights: dict[str, float] | None = None, *,
                cutoff: float = 85.0) -> float:
    """How much of what the figure's own clause says the claim also says (0-1).

    A figure can cover all of a short claim and still be about something narrower: "exports"
    is in "cross-border e-commerce import and export volume", but that figure is not Jiangxi's
    exports. Each word of the figure's clause counts by its rarity in the store; a counted
    noun both share ("residents") settles it."""
    a, b = claim.quantity.noun, figure.mention.quantity.noun
    if a and b and (a == b or fuzz.ratio(a, b) >= 85):
        return 1.0
    words = [w for w in clause_words(figure.mention.subject) if w not in {e.lower() for e in figure.mention.entities}]
    if not words:
        return 1.0
    said = tuple(w for w in claim.subject.split() if w != CLAUSE_END)
    total = got = 0.0
    for w in words:
        weight = weights.get(w, 1.0) if weights else 1.0
        total += weight
        if said and _best(w, said, cutoff) is not None:
            got += weight
    return got / total


def clause_overlap(claim: Mention, figure: Figure) -> float:
    """Jaccard overlap of the words in the claim's clause and the figure's clause."""
    a, b = clause_words(claim.subject), clause_words(figure.mention.subject)
    return len(a & b) / len(a | b) if a | b else 0.0


CHANGES = {"increase": "change", "decrease": "change"}


def same_metric(claim: Mention, figure: Figure) -> bool:
    """Both or neither are per capita, average, median...: GDP is not per-capita GDP; and
    both or neither are a change: growth of GDP is not GDP. (A rise and a fall of one
    metric are the same metric, told two ways: see `judging`.)"""
    return metric(claim) == metric(figure.mention)


def metric(m: Mention) -> frozenset[str]:
    return frozenset(CHANGES.get(q, q) for q in m.qualifiers)


def direction(m: Mention) -> str | None:
    """"increase" or "decrease" for a change, None for a level."""
    return next((q for q in m.qualifiers if q in CHANGES), None)


def align(claim: Mention, figures: list[Figure], source_names, weights: dict[str, float] | None = None, *,
          min_score: float = 30.0) -> list[Candidate]:
    """Candidates for a claim that reach `min_score`, best first, each with what stands
    in the way of comparing it (if anything)."""
    scored = []
    for f in figures:
        s = score(claim, f, weights)
        if s < min_score or not same_metric(claim, f):
            continue
        problem = None
        if not comparable(claim, f):
            problem = "unit_mismatch"
        elif entity_problem(claim, f, source_names(f.source.id)):
            problem = "entity_mismatch"
        elif period_problem(claim, f):
            problem = "period_mismatch"
        scored.append(Candidate(f, round(s, 1), problem, round(specificity(claim, f, weights), 3)))
    scored.sort(key=lambda c: (-c.score, c.figure.id))
    return scored
