"""The frozen records passed between pipeline stages.

Magnitudes are plain floats with a unit string (a pint expression, currencies as ISO
4217 codes) so that every record serialises as it is; pint quantities exist only
inside `verify.units`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Quantity:
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


@dataclass(frozen=True, slots=True)
class Period:
    """The time a figure refers to, to the year."""

    start: int  # first year
    end: int  # last year (== start for one year)
    text: str  # as written ("last year", "in 2023", "by the end of 2024")

    @property
    def label(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"


@dataclass(frozen=True, slots=True)
class Mention:
    """A quantity in its context: a claim in a draft or a figure in a source."""

    quantity: Quantity
    sentence: str  # the sentence (or table row) it stands in
    subject: str  # the words that say what the number is about, lowercased
    entities: tuple[str, ...] = ()  # proper names near it ("Jiangxi", "Guangdong")
    period: Period | None = None  # the time it refers to, if the text says
    qualifiers: tuple[str, ...] = ()  # metric modifiers that apply to it: "per capita", "average"
    position: int = 0  # its place among the same-unit numbers of its sentence: "from X (0) to Y (1)"
    line: int = 0  # 1-based line of `quantity.start`
    column: int = 0  # 1-based column of `quantity.start`, in characters


@dataclass(frozen=True, slots=True)
class Source:
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


@dataclass(frozen=True, slots=True)
class Figure:
    """A sourced figure: a mention in a source document, with provenance."""

    id: int  # row id in the store
    source: Source  # the document it comes from
    mention: Mention  # the quantity with its context; offsets are into the source text
    quote: str  # the sentence quoted from the source
    status: str = "active"  # active | superseded (an older version of its document) | rejected (by an editor)
    review: str = "extracted"  # extracted | confirmed | corrected | rejected | added (by an editor)
    note: str | None = None  # the editor's note, if any


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the judge says of one claim."""

    claim: Mention  # the claim, with its position in the draft
    verdict: str  # supported | contradicted | unknown
    reason: str | None = None  # why, for unknown: no_match, entity_mismatch, period_mismatch, unit_mismatch, ambiguous
    figure: Figure | None = None  # the stored figure it was compared with
    score: float = 0.0  # how well the claim's subject matched the figure's (0-100)
    comparison: str | None = None  # the comparison made, in words
    correction: str | None = None  # for contradicted: what the draft should say
    candidates: tuple[Figure, ...] = field(default=())  # for unknown: the best figures considered
    basis: tuple[Figure, ...] = field(default=())  # for a derived value: the figures it was computed from (from, to)
    suppressed: str | None = None  # the draft's reason for not checking it (an in-document control), if any


@dataclass(frozen=True, slots=True)
class Suppression:
    """An in-document control (an HTML comment) and how many claims it silenced."""

    line: int  # 1-based line of the comment
    kind: str  # next-line | off | on
    reason: str | None  # as written after the colon
    claims: int = 0  # claims it applies to; 0 is reported as an unused suppression


@dataclass(frozen=True, slots=True)
class Report:
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
