"""A web page read as a source: which of its text is the article, and when it was published.

A news or statistics page holds much besides its article: navigation, related-article
boxes, cookie banners, share bars, comments, footers. trafilatura (main-text extraction,
the best-scoring of the open extractors in its own and ScrapingHub's benchmarks) says
which text is the article, and htmldate (trafilatura's) reads the publication date from
the page's metadata (`article:published_time`, JSON-LD, `<time>`), where the text alone
often has none.

verify keeps every offset into the page as it was written (a figure's quote and position
point into it), so the article is not taken out of the page: `article_lines` finds each
line trafilatura keeps in the page's text (its markup blanked, `sourcetext.prepare`) by
its letters and digits alone (markup, entities and spacing differ between the two), and
`sourcetext.prepare` blanks the lines it does not keep. A page where too little of what
trafilatura keeps is found, or where it keeps nothing, is read whole, as before.

Both libraries cost ~150 ms to import: they are imported by `verify ingest` of an HTML
file only, never by `verify check`.
"""

from bisect import bisect_right

from ..cache import regex

FOUND_AT_LEAST = 0.6  # of the article's letters and digits found in the page, or the page is read whole
_WORD = regex(r"\w+")


def article_lines(html: str, visible: str) -> list[tuple[int, int]] | None:
    """The spans of `visible` (the page with its markup blanked, offsets as in `html`),
    whole lines, that hold the article trafilatura finds in `html`, in order; None when
    it finds none, or too little of it is found in `visible`."""
    try:
        import trafilatura

        # precision over recall: a figure of a related-articles box in the store could support
        # a claim it has nothing to do with; a figure of the article missed is only an unknown
        text = trafilatura.extract(
            html,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
            favor_precision=True,
            output_format="txt",
        )
    except Exception:  # a page the library cannot take apart: read it whole
        return None
    if not text:
        return None
    # the page's letters and digits, run together, with where each run of them starts
    runs = [(m.start(), m.group()) for m in _WORD.finditer(visible)]
    starts, skeleton, offset = [], [], 0
    for _, word in runs:
        starts.append(offset)
        skeleton.append(word)
        offset += len(word)
    page = "".join(skeleton)

    def at(k: int) -> int:  # the offset in `visible` of the page skeleton's character k
        i = bisect_right(starts, k) - 1
        return runs[i][0] + (k - starts[i])

    spans: list[tuple[int, int]] = []
    cursor = found = wanted = 0
    for line in text.split("\n"):
        key = "".join(_WORD.findall(line))
        if not key:
            continue
        wanted += len(key)
        k = page.find(key, cursor)
        if k < 0:
            continue  # not in the page as written (an entity for a letter, text the library made up)
        found += len(key)
        cursor = k + len(key)
        a, b = at(k), at(cursor - 1) + 1
        a = visible.rfind("\n", 0, a) + 1  # whole lines: a figure's sign or unit may stand outside the words
        end = visible.find("\n", b)
        spans.append((a, len(visible) if end < 0 else end))
    if not spans or found < FOUND_AT_LEAST * wanted:
        return None
    return spans


def published(html: str) -> str | None:
    """The page's publication date (YYYY-MM-DD) from its metadata, if it gives one."""
    try:
        from htmldate import find_date

        date = find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # a page the library cannot read: no date from it
        return None
    if not date:
        return None
    # a date the page writes (2024-03-01, 2024/03/01, 20240301): htmldate turns one that does
    # not exist ("2024-02-30") into another ("2024-02-01"), which must not date a source
    y, m, d = date.split("-")
    return date if any(f in html for f in (date, f"{y}/{m}/{d}", f"{y}{m}{d}")) else None
