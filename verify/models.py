"""The frozen records passed between pipeline stages.

Magnitudes are plain floats with a unit string (a pint expression, currencies as ISO
4217 codes) so that every record serialises as it is; pint quantities exist only
inside `verify.knowledge.units`.

Records are named tuples: immutable, compared and hashed by value, changed by
`record._replace(field=value)`. (Frozen dataclasses say the same, but Python makes
each at import by compiling six methods: ~0.5 ms a class, 15 ms of every run for
verify's thirty records; a named tuple costs a seventh of that.) The modules that define
records write their annotations as values, without `from __future__ import annotations`:
typing compiles a field's annotation written as a string, ~1.5 ms of every run over them all.
"""

from typing import NamedTuple


class Quantity(NamedTuple):
    """A number as written in a text, read."""

    start: int  # character offset of the first character of `text`
    end: int  # character offset just past the last character (exclusive)
    text: str  # the quantity as written: "569 billion yuan", "RMB569bn", "73%"
    value: float  # fully scaled: "1.28 trillion" -> 1.28e12, "80%" -> 80.0
    unit: str | None = None  # pint expression ("CNY", "percent", "hour"); None for a bare number or count
    kind: str = "amount"  # amount | ordinal | multiplier | fraction
    noun: str | None = None  # what is counted, for a count: "projects", "girls"
    hedge: str | None = None  # key of data/language.toml [hedges]: "more_than", "about", ...
    hedge_text: str | None = None  # the hedge as written: "more than", "超过"
    step: float = 0.0  # size of one unit in the last written digit: precision (0 = exact)
    lang: str = "en"  # "en" or "zh": the script the number is written in


class Period(NamedTuple):
    """The time a number is about: what the text says, and the dates it covers when
    those can be known (see `verify.reading.periods`)."""

    text: str  # as written: "last year", "the third quarter of 2015", "一季度"
    grain: str = "year"  # year | half | quarter | month | months | span | ytd | ttm | instant
    year: int | None = None  # the year named (for a fiscal period, the fiscal year); None when not said
    # which quarter (1-4), half (1-2) or month (1-12) of its year. The name shadows tuple.index,
    # which NamedTuple allows and mypy does not; it is kept because stored and reported JSON use it.
    index: int | None = None  # type: ignore[assignment]
    first: str | None = None  # first day covered, YYYY-MM-DD, when known
    last: str | None = None  # last day covered, YYYY-MM-DD, when known
    fiscal: bool = False  # a period of a company's fiscal calendar ("fiscal 2024", "FY20 Q2")
    stated: bool = True  # said in the number's own text; False when taken from its document
    months: tuple[int, int] | None = None  # a run of months of no stated year: first and last month
    shift: int = 0  # for a period of no stated year: this many years before the one its date places it in

    @property
    def start(self) -> int | None:
        """The first year it covers."""
        return int(self.first[:4]) if self.first else self.year

    @property
    def end(self) -> int | None:
        """The last year it covers."""
        return int(self.last[:4]) if self.last else self.year

    @property
    def label(self) -> str:
        """A short name: "2023", "2015-Q3", "FY2024-Q4", "2023-01..2023-07", "2012-2023"."""
        fy = "FY" if self.fiscal else ""
        year = f"{fy}{self.year}" if self.year else ""
        if self.grain == "quarter" and self.index and (year or not self.first) and not self.shift:
            return f"{year}-Q{self.index}" if year else f"Q{self.index}"
        if self.grain == "half" and self.index:
            return f"{year}-H{self.index}" if year else f"H{self.index}"
        if self.grain == "instant" and self.last:
            return self.last
        if self.grain in ("month", "months", "ytd", "ttm", "quarter", "half") and self.first and self.last:
            a, b = self.first[:7], self.last[:7]
            return a if a == b else f"{a}..{b}"
        if self.grain == "span" and self.first and self.last:
            return f"{self.first[:4]}-{self.last[:4]}"
        if year:
            return year
        if self.shift and self.grain in ("quarter", "half") and self.index:
            return f"{'Q' if self.grain == 'quarter' else 'H'}{self.index} a year before"
        return self.text


class Frame(NamedTuple):
    """What a number is about, field by field: the metric it quantifies, whose it is,
    how it is qualified and when. Claims and figures are compared field by field
    (`verify.judging.align`)."""

    concept: (
        str | None
    )  # glossary id of the metric (data/concepts.toml): "gdp"; None when the glossary does not know it
    metric: str  # the metric's phrase as written, lowercased: "data center revenue", "人均可支配收入"
    words: tuple[str, ...] = ()  # the metric's content words, stemmed, nearest first: for metrics no concept names
    modifiers: tuple[str, ...] = ()  # words that narrow the concept ("cloud"), neutral words left out
    entity: str | None = (
        None  # whose it is: a place id ("CN-JX"), "org:<id>", or "name:<words>" for a name verify does not know
    )
    entity_name: str | None = None  # the entity as the text names it
    entity_stated: bool = False  # named in the number's own sentence (False: its document's)
    segment: str | None = None  # the part of the entity it is about ("data center"), lowercased
    qualifiers: tuple[tuple[str, str], ...] = ()  # (group, value) said of it, sorted: (("per", "per_capita"),)
    change: str | None = None  # "increase" or "decrease" when the number is how much something moved
    period: Period | None = None  # when, if its text or document says
    carried: bool = False  # its metric was taken from an earlier sentence ("That's an increase of 23%"): a guess

    def qualifier(self, group: str) -> str | None:
        """The value its text gives for a qualifier group, if it gives one."""
        return next((v for g, v in self.qualifiers if g == group), None)


class Mention(NamedTuple):
    """A quantity in its context: a claim in a draft or a figure in a source."""

    quantity: Quantity
    sentence: str  # the sentence (or table row) it stands in
    frame: Frame  # what it is about
    position: int = 0  # its place among the same-unit numbers of its sentence: "from X (0) to Y (1)"
    line: int = 0  # 1-based line of `quantity.start`
    column: int = 0  # 1-based column of `quantity.start`, in characters

    @property
    def period(self) -> Period | None:
        return self.frame.period

    @property
    def subject(self) -> str:
        """The metric's words, for people and for the word index."""
        return " ".join(self.frame.words)


class Source(NamedTuple):
    """A reference document in the store."""

    id: int  # row id in the store
    path: str  # file name it was ingested from
    title: str  # headline
    publisher: str | None = None  # who published it
    published: str | None = None  # publication date, YYYY-MM-DD
    author: str | None = None  # byline
    url: str | None = None  # where it was published
    key: str = ""  # the document across versions: its url, else its file name
    ingested: str | None = None  # when this version was ingested (UTC, ISO 8601)
    superseded_by: int | None = None  # the id of the newer version of the document, if any


class Figure(NamedTuple):
    """A sourced figure: a mention in a source document, with provenance."""

    id: int  # row id in the store
    source: Source  # the document it comes from
    mention: Mention  # the quantity with its context; offsets are into the source text
    quote: str  # the sentence quoted from the source
    status: str = "active"  # active | superseded (an older version of its document) | rejected (by an editor)
    review: str = "extracted"  # extracted | confirmed | corrected | rejected | added (by an editor)
    note: str | None = None  # the editor's note, if any


class Verdict(NamedTuple):
    """What the judge says of one claim."""

    claim: Mention  # the claim, with its position in the draft
    verdict: str  # supported | contradicted | unknown
    reason: str | None = (
        None  # why, for unknown: no_match, {entity,metric,qualifier,period,unit}_mismatch, finer_than_source, ...
    )
    figure: Figure | None = None  # the stored figure it was compared with
    score: float = 0.0  # how well the claim's metric matched the figure's (0-100)
    comparison: str | None = None  # the comparison made, in words
    correction: str | None = None  # for contradicted: what the draft should say
    candidates: tuple[Figure, ...] = ()  # for unknown: the best figures considered
    basis: tuple[Figure, ...] = ()  # for a derived value: the figures it was computed from (from, to)
    suppressed: str | None = None  # the draft's reason for not checking it (an in-document control), if any
    fields: tuple[
        tuple[str, str], ...
    ] = ()  # each field's outcome for `figure`: (("entity", "same"), ("metric", "concept"), ...)


class Suppression(NamedTuple):
    """An in-document control (an HTML comment) and how many claims it silenced."""

    line: int  # 1-based line of the comment
    kind: str  # next-line | off | on
    reason: str | None  # as written after the colon
    claims: int = 0  # claims it applies to; 0 is reported as an unused suppression


class Report(NamedTuple):
    """The result of checking one draft."""

    draft: str  # path of the draft as given
    date: str | None  # the draft's date (front matter), YYYY-MM-DD
    verdicts: tuple[Verdict, ...]  # one per claim, in reading order
    suppressions: tuple[Suppression, ...] = ()  # the draft's controls, in order
    text: str = ""  # the draft as read, for reports that show it (HTML)

    def count(self, verdict: str) -> int:
        """Claims with this verdict, leaving out those the draft suppresses."""
        return sum(v.verdict == verdict and v.suppressed is None for v in self.verdicts)

    @property
    def suppressed(self) -> int:
        return sum(v.suppressed is not None for v in self.verdicts)

    @property
    def unused(self) -> tuple[Suppression, ...]:
        """Controls that silenced nothing: worth telling the editor."""
        return tuple(s for s in self.suppressions if s.claims == 0)
