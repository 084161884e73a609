"""The command line: a thin adapter over the library.

Each command opens what it needs, calls one library function and prints the result.
Errors are turned into exit codes in one place, `main`:

    0  the drafts pass              1  a claim fails --fail-on (default: a contradicted claim)
    2  verify could not do its job (bad file, bad store, bad option): one line on stderr
"""

from __future__ import annotations

import enum
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import typer


class ExitStatus(enum.IntEnum):
    OK = 0
    CONTRADICTED = 1
    ERROR = 2


HELP = "Check the numeric claims in a news draft against a store of sourced figures."


def _typer() -> typer.Typer:
    """The app as every run builds it: plain help, no completion, no pretty tracebacks."""
    return typer.Typer(
        add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False, rich_markup_mode=None, help=HELP
    )


app = _typer()


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"verify {__version__}")
        raise typer.Exit()


@app.callback()
def _app(
    version: bool = typer.Option(
        False, "--version", is_eager=True, callback=_version, help="Print verify's version and exit."
    ),
) -> None:
    """Check the numeric claims in a news draft against a store of sourced figures."""


class Format(str, enum.Enum):
    text = "text"
    json = "json"


def _open_store(path: Path | None):
    from ..store.db import Store
    from ..store.seeds import default_store

    return Store.open(path) if path else default_store()


class CheckFormat(str, enum.Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    markdown = "markdown"
    html = "html"
    jsonl = "jsonl"
    claimreview = "claimreview"


class Engine(str, enum.Enum):
    processes = "processes"
    dask = "dask"


class FailOn(str, enum.Enum):
    contradicted = "contradicted"
    unknown = "unknown"
    never = "never"


@app.command()
def check(
    drafts: list[str] = typer.Argument(
        ..., help="Drafts: files, folders (their .md, .markdown and .txt files), globs, or - for standard input."
    ),
    store: Path | None = typer.Option(None, "--store", help="Store to check against (default: built from seeds/)."),
    format: CheckFormat | None = typer.Option(
        None, "--format", "-f", help="text (default), json, sarif, github, markdown, html, jsonl or claimreview."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the report to this file (html goes to reports/ unless given)."
    ),
    fail_on: FailOn | None = typer.Option(
        None, "--fail-on", help="Exit 1 when a claim is contradicted (default), contradicted or unknown, or never."
    ),
    date: str | None = typer.Option(
        None, "--date", help="The drafts' date (YYYY-MM-DD) if their front matter has none."
    ),
    stdin_filename: str | None = typer.Option(
        None, "--stdin-filename", help="The name to report for a draft read from -."
    ),
    config: Path | None = typer.Option(
        None,
        "--config",
        help="Settings file to use instead of the nearest verify.toml or pyproject.toml [tool.verify].",
    ),
    author: str | None = typer.Option(
        None,
        "--author",
        help="claimreview: who publishes the reviews (the newsroom or desk; else [claimreview] author in verify.toml).",
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar (shown only on a terminal)."),
    review_url: str | None = typer.Option(
        None, "--review-url", help="claimreview: the page the reviews are published on (else [claimreview] url)."
    ),
    jobs: int = typer.Option(1, "--jobs", "-j", help="Check in this many processes (--format jsonl); same output."),
    engine: Engine = typer.Option(
        Engine.processes,
        "--engine",
        help="processes (on this machine) or dask (a Dask "
        "cluster; --output DIR gets partitioned JSON lines; needs verify[dask]).",
    ),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="The Dask scheduler's address (default: a local cluster of 2 worker processes)."
    ),
    partition: int = typer.Option(500, "--partition-size", help="Drafts per partition with --engine dask."),
    ship_store: bool = typer.Option(
        False,
        "--ship-store",
        help="With --engine dask, send the store to every "
        "worker instead of reading it at the same path on shared storage.",
    ),
) -> None:
    """Check drafts' numeric claims: supported, contradicted or unknown.

    Exit status: 0 passed, 1 a claim fails --fail-on, 2 verify could not do its job
    (with --format jsonl: or a draft could not be read; it is listed and the rest checked).
    Example: verify check claims/jiangxi-economy.md --format html
    """
    from ..api import checking
    from . import config as settings

    cfg = settings.load(config)
    fmt = format.value if format else cfg.format
    policy = fail_on.value if fail_on else cfg.fail_on
    if fmt == "jsonl" or jobs != 1 or engine is Engine.dask:  # an archive: streamed, draft by draft
        archive = {
            "jobs": jobs,
            "dask": engine is Engine.dask,
            "scheduler": scheduler,
            "partition": partition,
            "ship_store": ship_store,
            "format": format,
        }
        raise typer.Exit(
            _check_archive(
                drafts,
                stdin_filename,
                store or cfg.store,
                output,
                policy,
                _date(date),
                cfg.tolerances,
                quiet=quiet,
                **archive,
            )
        )
    review = _claimreview(fmt, author or cfg.claimreview.get("author"), review_url or cfg.claimreview.get("url"))
    docs = _drafts(drafts, stdin_filename)
    with _open_store(store or cfg.store) as st:
        if not st.count_figures():  # every claim would be unknown, and pass the default --fail-on
            sys.stderr.write(
                f"{st.path}: warning: the store holds no figures, so no claim can be judged (fill it"
                f" with `verify ingest FILE --store {st.path}`)\n"
            )
        workers = min(2, os.cpu_count() or 1)  # a big draft is judged in two processes where there are two cores
        checks = [checking(doc, st, date=_date(date), tolerances=cfg.tolerances, workers=workers) for doc in docs]
        with _progress(len(checks), "checking drafts", quiet=quiet) as advance:
            if fmt in ("json", "text"):  # written as the claims are judged: a big draft is never held judged
                counts = _stream(fmt, _advancing(checks, advance), output)
            else:
                counts = _whole(fmt, [c.report() for c in _advancing(checks, advance)], output, review=review)
    failing = any(counts[verdict] for verdict in settings.FAILING[policy])
    raise typer.Exit(ExitStatus.CONTRADICTED if failing else ExitStatus.OK)


@contextmanager
def _progress(total: int, what: str, *, quiet: bool) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr for `total` items of work (rich, which typer uses): only
    when stderr is a terminal, there are several items and not --quiet; gone when done.
    Yields the function to call as each item is done."""
    if quiet or total < 2 or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    # the report goes to stdout as ever; only when both are one terminal does the bar print
    # the report's lines above itself (else a file or pipe would get the bar's report)
    tty_out = sys.stdout.isatty()
    with Progress(
        *columns, console=Console(stderr=True), transient=True, redirect_stdout=tty_out, redirect_stderr=False
    ) as bar:
        task = bar.add_task(what, total=total)
        yield lambda: bar.advance(task)


def _advancing(items: Iterable, advance: Callable[[], None]) -> Iterator:
    """`items`, one at a time, calling `advance` as the work on each is done."""
    for item in items:
        yield item
        advance()


def _claimreview(fmt: str, author: str | None, url: str | None) -> dict | None:
    """--format claimreview's author and page, both needed (a review names who made it and where)."""
    from ..errors import UsageError

    if fmt != "claimreview":
        return None
    for value, option, key in ((author, "--author", "author"), (url, "--review-url", "url")):
        if not value or not value.strip():
            raise UsageError(
                f"--format claimreview needs {option}",
                where=option,
                fix=f"give {option}, or [claimreview] {key} in verify.toml",
            )
    assert author is not None and url is not None  # both checked just above
    from ..reading.document import is_web_address

    if not is_web_address(url):
        raise UsageError(f"{url!r} is not a web address", where="--review-url", fix="write it as https://...")
    return {"author": author.strip(), "url": url.strip()}


def _whole(fmt: str, reports: list, output: Path | None, *, review: dict | None = None) -> dict:
    """Render the reports whole and write them; their counts."""
    from ..reporting.formats import render
    from ..reporting.report import summary

    text = render(fmt, reports, color=_color() and output is None, review=review)
    if fmt == "html" and output is None:
        stem = Path(reports[0].draft).stem.strip("<>") or "stdin"  # "<stdin>" -> stdin.html
        output = Path("reports") / (f"{stem}.html" if len(reports) == 1 else "verify-report.html")
    if output is None:
        sys.stdout.write(text)
    else:
        _write(output, text)
        sys.stderr.write(f"verify: wrote {output}\n")
    return summary(reports)


def _stream(fmt: str, checks: Iterable, output: Path | None) -> dict:
    """Write the report as the claims are judged; their counts."""
    from ..reporting.formats import write_text
    from ..reporting.report import write_json

    def write(out) -> dict:
        if fmt == "json":
            return write_json(checks, out)
        return write_text(checks, out, color=_color() and output is None)

    if output is None:
        return write(sys.stdout)
    counts = _write(output, write, binary=fmt == "json")  # the JSON writer copies its spool's UTF-8 as it is
    sys.stderr.write(f"verify: wrote {output}\n")
    return counts


def _check_archive(
    args,
    stdin_filename,
    store,
    output,
    policy,
    date,
    tolerances,
    *,
    jobs,
    dask,
    scheduler,
    partition,
    ship_store,
    format,
    quiet,
) -> ExitStatus:
    """`verify check` over an archive: JSON lines, streamed (verify.archive), or
    partitions written by a Dask cluster (verify.cluster)."""
    from .. import archive
    from ..errors import UsageError
    from ..reporting.jsonl import Tally, jsonl
    from ..reporting.report import dumps
    from .config import FAILING

    if jobs < 1 or partition < 1:
        raise UsageError(f"{'--jobs' if jobs < 1 else '--partition-size'} must be at least 1", fix="give 1 or more")
    if format not in (None, CheckFormat.jsonl):
        raise UsageError(
            f"--format {format.value} is written whole, not streamed",
            where="--jobs/--engine",
            fix="use --format jsonl with --jobs or --engine",
        )
    paths = _drafts(args, stdin_filename, reading=False)
    with _open_store(store) as st:
        if not st.count_figures():
            sys.stderr.write(f"{st.path}: warning: the store holds no figures, so no claim can be judged\n")
    tally = Tally()
    if dask:
        from ..cluster import check_on_cluster

        if output is None:
            raise UsageError("needs a folder for its partitions", where="--engine dask", fix="add --output DIR")
        with _progress(-(-len(paths) // partition), "checking partitions", quiet=quiet) as advance:
            ran = check_on_cluster(
                paths,
                store,
                output,
                tally,
                scheduler=scheduler,
                partition=partition,
                ship_store=ship_store,
                date=date,
                tolerances=tolerances,
                done=lambda _partition: advance(),
            )
        sys.stderr.write(
            f"verify: {len(ran)} partitions checked into {output}"
            + (", the others were finished before" if len(ran) * partition < tally.drafts else "")
            + "\n"
        )
        sys.stdout.write(dumps(tally.summary().record(), ensure_ascii=False) + "\n")
    else:
        with _progress(len(paths), "checking drafts", quiet=quiet) as advance:
            checked = archive.check_all(paths, store, jobs=jobs, date=date, tolerances=tolerances)
            lines = jsonl(_advancing(checked, advance), tally)
            if output is None:
                for line in lines:
                    sys.stdout.write(line + "\n")
            else:
                try:
                    archive.write_lines(output, lines)
                except OSError as exc:
                    raise _unwritable(exc, output) from None
    for path, warning in tally.warned:  # as the text report says them under each draft's name
        sys.stderr.write(f"{path}: warning: {warning}\n")
    for _path, error in tally.failed:
        sys.stderr.write(f"verify: warning: {error}; not checked\n")
    if tally.failed:
        return ExitStatus.ERROR
    return ExitStatus.CONTRADICTED if tally.fails(FAILING[policy]) else ExitStatus.OK


def _drafts(args: list[str], stdin_filename: str | None, *, reading: bool = True) -> list:
    """The drafts the arguments name (`verify.reading.document.draft_paths`), with - read from standard
    input; without `reading`, files are given by their paths, read later."""
    from ..errors import UsageError
    from ..reading.document import decode, draft_paths, parse, read

    if stdin_filename is not None and "-" not in args:
        raise UsageError(
            "names a draft read from standard input, but no draft is read from it",
            where="--stdin-filename",
            fix="add - to the drafts (verify check - --stdin-filename NAME)",
        )
    out: list = []
    for path in draft_paths(args):
        if path == "-":
            name = stdin_filename or "<stdin>"
            out.append(parse(decode(sys.stdin.buffer.read(), where=name), path=name))
        else:
            out.append(read(path) if reading else path)
    return out


def _unwritable(exc: OSError, path: Path):
    """The one-line error of a report that cannot be written to `path`."""
    from ..errors import UsageError

    return UsageError(
        f"cannot write the report ({exc.strerror})",
        where=str(path),
        fix="give --output a path in a folder you can write to",
    )


def _write(path: Path, text, *, binary: bool = False):
    """Write a report whole or not at all (a temporary file renamed over the target),
    with the permissions any new file gets (0666 less the umask: 0644 under the usual
    022), not the 0600 of a temporary file. `text` is the report, or a function that
    writes it to the file it is given (what it returns is returned): a text file in
    UTF-8 with newlines as they are, or with `binary` the file's bytes, which the
    function writes in UTF-8."""
    import tempfile

    result = None
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        f: IO = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        with f:
            if isinstance(text, str):
                f.write(text.encode("utf-8") if binary else text)
            else:
                result = text(f)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        raise _unwritable(exc, path) from None
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)  # a report that failed half-way (an error in a draft) leaves no file behind
    return result


@app.command()
def ingest(
    files: list[Path] = typer.Argument(..., help="Source documents (.txt, .md, .html)."),
    store: Path = typer.Option(..., "--store", help="Store file to add them to (created if missing)."),
    date: str | None = typer.Option(None, "--date", help="Publication date (YYYY-MM-DD) if the text gives none."),
    title: str | None = typer.Option(None, "--title", help="The document's title, if its first line is not."),
    publisher: str | None = typer.Option(None, "--publisher", help="Who published it (shown with each figure)."),
    url: str | None = typer.Option(None, "--url", help="Where it is published; the document is then known by it."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar (shown only on a terminal)."),
) -> None:
    """Extract sourced figures from documents into a store.

    The same document again changes nothing; a changed one (same path) becomes the
    current version, its predecessor's figures kept but marked superseded, and the
    editors' reviews of the document are applied to its new figures.

    Example: verify ingest report-2023.txt --store newsroom.db --publisher "Statistics Bureau"
    """
    from ..store.ingest import ingest_into

    with _progress(len(files), "reading sources", quiet=quiet) as advance:
        results = ingest_into(
            store, [str(f) for f in files], date=_date(date), title=title, publisher=publisher, url=url, each=advance
        )
    for r in results:
        if r.state == "unchanged":
            typer.echo(f"{r.path}: unchanged (already in the store)")
            continue
        line = f"{r.path}: {r.figures} figure{'' if r.figures == 1 else 's'}"
        if r.state == "updated":
            line += f", a new version ({r.superseded} figures of the previous one superseded)"
        if r.reviews:
            line += f"; {r.reviews} editor reviews applied"
        typer.echo(line)
        for what in r.orphaned:
            typer.echo(f"{r.path}: warning: review no longer applies ({what}): its sentence has changed", err=True)
        if not r.dated:
            typer.echo(
                f"{r.path}: warning: no publication date found, so its figures' years are only those it names"
                " (give it with --date YYYY-MM-DD)",
                err=True,
            )


class Status(str, enum.Enum):
    active = "active"
    rejected = "rejected"
    superseded = "superseded"
    all = "all"


@app.command()
def sources(
    store: Path | None = typer.Option(None, "--store", help="Store to list (default: built from seeds/)."),
    all_versions: bool = typer.Option(False, "--all", help="Also list versions superseded by newer ones."),
    format: Format = typer.Option(Format.text, "--format", "-f", help="text for people, json for tools."),
) -> None:
    """List the source documents a store holds.

    Example: verify sources --store newsroom.db
    """
    with _open_store(store) as st:
        rows = st.sources(every_version=all_versions)
    if format is Format.json:
        out = [s._asdict() for s in rows]
        sys.stdout.write(json.dumps({"sources": out}, ensure_ascii=False, indent=2) + "\n")
        return
    for s in rows:
        who = ", ".join(x for x in (s.publisher, s.published) if x)
        later = f" [superseded by {s.superseded_by}]" if s.superseded_by else ""
        typer.echo(f"{s.id}\t{s.path}\t{s.title}" + (f" ({who})" if who else "") + later)


@app.command()
def figures(
    query: str = typer.Argument("", help="Words the figures are about (none: the first figures)."),
    store: Path | None = typer.Option(None, "--store", help="Store to search (default: built from seeds/)."),
    status: Status = typer.Option(
        Status.active,
        "--status",
        help="Which figures: those checks use (active),"
        " those editors rejected, those of older versions (superseded), or all.",
    ),
    limit: int = typer.Option(50, "--limit", min=1, max=10000, help="At most this many figures."),
    format: Format = typer.Option(Format.text, "--format", "-f", help="text for people, json for tools."),
) -> None:
    """List the figures a store holds about some words, best first, with their quotes.

    Each line starts with the figure's id, which `verify correct`, `reject`, `confirm`
    and `reset` take.

    Example: verify figures "foreign trade" --store newsroom.db --format json
    """
    from ..api import figures as find
    from ..reporting.report import dumps, figure_record

    statuses = ("active", "rejected", "superseded") if status is Status.all else (status.value,)
    with _open_store(store) as st:
        found = find(st, query, limit=limit, statuses=statuses)
    if format is Format.json:
        out = [figure_record(f) for f in found]
        sys.stdout.write(dumps({"figures": out}, ensure_ascii=False, indent=2) + "\n")
        return
    for f in found:
        typer.echo(_figure_line(f))
    if not found:
        kind = "" if status is Status.all else f"{status.value} "
        what = f"about {query!r}" if query.strip() else "at all"
        where = str(store) if store else "the default store"
        hint = "try other words, or --status all" if query.strip() else "add sources with `verify ingest FILE`"
        typer.echo(f"verify: no {kind}figures {what} in {where} ({hint})", err=True)


def _figure_line(f) -> str:
    q = f.mention.quantity
    period = f" [{f.mention.period.label}]" if f.mention.period else ""
    shown = q.text
    if f.review in ("corrected", "added"):
        from ..judging.verdicts import as_written

        shown = f"{q.text} -> {as_written(q)}"
    review = "" if f.review == "extracted" else f" ({f.review}{': ' + f.note if f.note else ''})"
    return f"{f.id}\t{f.source.path}:{f.mention.line}\t{shown}{period}{review}\t{f.quote}"


def _reviewed(store, figure_id: int, row) -> None:
    """Print a figure as it now stands after a review."""
    if row is None:
        typer.echo(f"{figure_id}\tremoved")
        return
    typer.echo(_figure_line(store.figure(figure_id)))


StoreOption = typer.Option(..., "--store", help="The store to review (the default store takes no reviews).")
NoteOption = typer.Option(None, "--note", help="Why: kept with the review, shown in listings and exports.")


@app.command()
def correct(
    figure: int = typer.Argument(..., help="The figure's id (from `verify figures`)."),
    value: str | None = typer.Argument(None, help='The right figure, as written: "3.22 trillion yuan", "41%".'),
    period: str | None = typer.Option(None, "--period", help="The right period: 2023, or 2012-2023."),
    subject: str | None = typer.Option(None, "--subject", help="The right words for what it is about."),
    note: str | None = NoteOption,
    store: Path = StoreOption,
) -> None:
    """Correct a figure the reading got wrong; the correction survives re-ingest.

    Example: verify correct 12 "3.22 trillion yuan" --note "typo in the release" --store newsroom.db
    """
    from ..store import review
    from ..store.db import Store

    with Store.open(store) as st:
        _reviewed(st, figure, review.correct(st, figure, written=value, period=period, subject=subject, note=note))


@app.command()
def reject(
    figure: int = typer.Argument(..., help="The figure's id (from `verify figures`)."),
    note: str | None = NoteOption,
    store: Path = StoreOption,
) -> None:
    """Take a figure out of every check (kept in the store, marked rejected).

    Example: verify reject 12 --note "a caption, not a statistic" --store newsroom.db
    """
    from ..store import review
    from ..store.db import Store

    with Store.open(store) as st:
        _reviewed(st, figure, review.reject(st, figure, note=note))


@app.command()
def confirm(
    figure: int = typer.Argument(..., help="The figure's id (from `verify figures`)."),
    note: str | None = NoteOption,
    store: Path = StoreOption,
) -> None:
    """Mark a figure as checked by an editor.

    Example: verify confirm 12 --store newsroom.db
    """
    from ..store import review
    from ..store.db import Store

    with Store.open(store) as st:
        _reviewed(st, figure, review.confirm(st, figure, note=note))


@app.command()
def reset(
    figure: int = typer.Argument(..., help="The figure's id (from `verify figures`)."),
    store: Path = StoreOption,
) -> None:
    """Undo an editor's review: the figure is as read from its source again.

    Example: verify reset 12 --store newsroom.db
    """
    from ..store import review
    from ..store.db import Store

    with Store.open(store) as st:
        _reviewed(st, figure, review.reset(st, figure))


@app.command()
def add(
    source: int = typer.Argument(..., help="The source's id (from `verify sources`)."),
    quote: str = typer.Argument(..., help="The sentence that gives the figure, exactly as the source has it."),
    number: str | None = typer.Option(None, "--number", help="The figure as the quote writes it, if it has several."),
    period: str | None = typer.Option(
        None, "--period", help="Its period (2023, or 2012-2023), if the quote says none."
    ),
    subject: str | None = typer.Option(None, "--subject", help="Words for what it is about, if the quote's are not."),
    note: str | None = NoteOption,
    store: Path = StoreOption,
) -> None:
    """Add a figure the reading missed, from a sentence of a source; it survives re-ingest.

    Example: verify add 2 "Exports rose to 5.2 billion yuan in 2023." --store newsroom.db
    """
    from ..store import review
    from ..store.db import Store

    with Store.open(store) as st:
        row = review.add(st, source, quote, number=number, period=period, subject=subject, note=note)
        _reviewed(st, row["id"], row)


@app.command("export")
def export_(
    store: Path = typer.Option(..., "--store", help="The store to export."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file (default: stdout)."),
) -> None:
    """Write the current figures as JSON lines, one per figure, for review in a pull request.

    Edit the file (a value, unit, period or subject; "status": "rejected"; "review":
    "confirmed"; a new line with "review": "added") and `verify import` it.

    Example: verify export --store newsroom.db -o figures.jsonl
    """
    from ..store import review
    from ..store.db import Store

    with Store.open(store) as st:
        text = "".join(line + "\n" for line in review.export(st))
    if output is None:
        sys.stdout.write(text)
    else:
        _write(output, text)


@app.command("import")
def import_(
    file: str = typer.Argument(..., help="JSON lines as `verify export` writes them; - for stdin."),
    store: Path = typer.Option(..., "--store", help="The store to apply them to."),
) -> None:
    """Apply the reviews in an exported, edited file: all of them, or on any error none.

    Example: verify import figures.jsonl --store newsroom.db
    """
    from ..errors import InputError
    from ..reading.document import decode
    from ..store import review
    from ..store.db import Store

    if file == "-":
        text, where = decode(sys.stdin.buffer.read(), where="<stdin>"), "<stdin>"
    else:
        try:
            text, where = decode(Path(file).read_bytes(), where=file), file
        except OSError as exc:
            raise InputError(f"cannot be read ({exc.strerror})", where=file, fix="check the path") from None
    with Store.open(store) as st:
        counts = review.import_lines(st, text.split("\n"), where=where)
    typer.echo("figures: " + ", ".join(f"{n} {k}" for k, n in counts.items()))


@app.command()
def extract(
    file: str = typer.Argument("-", help="A document, or - for standard input."),
    jsonl: bool = typer.Option(False, "--jsonl", help='Read JSON lines {"id", "text"}; write {"id", "quantities"}.'),
    format: Format = typer.Option(Format.text, "--format", "-f", help="text for people, json for tools."),
) -> None:
    """Show the quantities found in a document.

    Example: verify extract claims/jiangxi-economy.md
    """
    from ..reading.quantities import extract as find

    if jsonl:
        _extract_jsonl(find)
        return
    from ..reading.document import decode, parse, read
    from ..reading.quantities import in_document
    from ..reporting.report import quantity_record

    doc = parse(decode(sys.stdin.buffer.read(), where="<stdin>"), path="-") if file == "-" else read(file)
    rows = in_document(doc)
    if format is Format.json:
        out = [{"line": ln, "column": c, **quantity_record(q, start)} for ln, c, start, q in rows]
        sys.stdout.write(json.dumps({"quantities": out}, ensure_ascii=False, indent=2) + "\n")
        return
    for line, col, _, q in rows:
        unit = q.unit or (q.noun and f"({q.noun})") or ""
        hedge = f" [{q.hedge}]" if q.hedge else ""
        typer.echo(f"{line}:{col}\t{q.text}\t{q.value:g} {unit}{hedge}".rstrip())


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    store: Path | None = typer.Option(None, "--store", help="Store to serve (default: built from seeds/, read-only)."),
    max_body: int = typer.Option(1_000_000, "--max-body", help="Largest request body accepted, in bytes."),
    workers: int | None = typer.Option(
        None, "--workers", help="Processes that check drafts and read sources (default: one per core, 2 to 4)."
    ),
    timeout: float = typer.Option(30.0, "--timeout", help="Seconds a request may take before it is stopped (503)."),
    config: Path | None = typer.Option(
        None,
        "--config",
        help="Settings file to use instead of the nearest verify.toml or pyproject.toml [tool.verify].",
    ),
) -> None:
    """Serve the same checks over HTTP (needs `pip install 'verify[server]'`).

    Reads the same settings as `verify check` (its store and tolerances), so both judge alike.
    Writes (POST /v1/sources) need VERIFY_TOKEN set, and callers to send it as a Bearer token.
    Example: VERIFY_TOKEN=secret verify serve --store newsroom.db --port 8000
    """
    from ..errors import UsageError
    from . import config as settings

    cfg = settings.load(config)
    try:
        from .server import serve as run_server
    except ImportError as exc:
        raise UsageError(
            f"the server needs {exc.name}, which is not installed", fix="pip install 'verify[server]'"
        ) from None
    if not 0 < port < 65536:
        raise UsageError(f"port {port} is not a port number", fix="give --port between 1 and 65535")
    for name, value, low in (("--max-body", max_body, 1), ("--workers", workers, 1), ("--timeout", timeout, 0.001)):
        if value is not None and not value >= low:
            raise UsageError(f"{name} {value:g} is too small", fix=f"give {name} a positive number")
    import gc

    gc.enable()  # a server lives long: cycles must be collected (see verify.adapters.command)
    store = store or cfg.store
    run_server(
        host,
        port,
        str(store) if store else None,
        max_body=max_body,
        workers=workers,
        time_limit=timeout,
        tolerances=cfg.tolerances,
    )


def _extract_jsonl(find) -> None:
    from ..errors import InputError
    from ..reporting.report import quantity_record

    for n, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            text = row["text"]
            if not isinstance(text, str):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            raise InputError(
                'is not a JSON object with a "text" string',
                where=f"<stdin> line {n}",
                fix='write one {"id": ..., "text": "..."} per line',
            ) from None
        qs = [quantity_record(q) for q in find(text)]
        sys.stdout.write(json.dumps({"id": row.get("id"), "quantities": qs}, ensure_ascii=False) + "\n")


def _date(value: str | None) -> str | None:
    """--date as YYYY-MM-DD: any form verify.reading.dates reads; an error for one that is not a
    date or does not exist (2024-13-45)."""
    from ..reading.dates import given

    return given(value, name="--date")


def _umask() -> int:
    mask = os.umask(0o22)  # the only way to read it is to set it: set it straight back
    os.umask(mask)
    return mask


def _color() -> bool:
    # NO_COLOR set to anything but the empty string turns colour off (no-color.org)
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return its exit status. Every failure is one line on stderr and exit 2."""
    from ..errors import VerifyError

    try:  # typer >= 0.24 carries its own click
        from typer import TyperException as CliError
    except ImportError:  # pragma: no cover - older typer on click
        from click import ClickException as CliError  # type: ignore[assignment]  # the same role, older typer

    command = _command(sys.argv[1:] if argv is None else argv)
    try:
        result = command.main(args=argv, prog_name="verify", standalone_mode=False)
    except VerifyError as exc:
        return _fail(str(exc))
    except (typer.Abort, KeyboardInterrupt):
        return _fail("interrupted")
    except CliError as exc:
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:  # "verify" alone: its help, as --help
            sys.stdout.write(ctx.get_help() + "\n")
            return int(ExitStatus.OK)
        name = ctx.command_path if ctx is not None else "verify"
        text = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        return _fail(" ".join(text.split()) + f" (see '{name} --help')")
    except BrokenPipeError:
        return int(ExitStatus.OK)
    except Exception as exc:  # a bug in verify: still one line, unless debugging
        if os.environ.get("VERIFY_DEBUG"):
            raise
        return _fail(
            f"internal error: {type(exc).__name__}: {exc} (set VERIFY_DEBUG=1 for a traceback, and please report it)"
        )
    return int(result or 0)


def _command(args: list[str]):
    """The click command for a run: the whole app, or, when the first argument names a
    command, a group of that command alone (typer reads every command's signature to
    build one: ~7 ms for all of them, at every start)."""
    if args and not args[0].startswith("-"):
        wanted = [
            c
            for c in app.registered_commands
            if c.callback is not None and (c.name or typer.main.get_command_name(c.callback.__name__)) == args[0]
        ]
        if wanted:
            one = _typer()
            one.registered_commands.extend(wanted)
            one.callback()(_group)  # a group, as the whole app is: "verify check ..." names its command
            return typer.main.get_command(one)
    return typer.main.get_command(app)


def _group() -> None:
    pass


def _fail(message: str) -> int:
    sys.stderr.write(f"verify: error: {message}\n")
    return int(ExitStatus.ERROR)


def run() -> None:
    """The `verify` command: `main`, then the end of the process.

    Python's own exit tears down every module and object one by one (~20 ms of a ~150 ms
    check, typer's and the glossary's included). A command has nothing left to do once
    its output is flushed and the regular expressions it compiled are kept, so it ends
    there (as Instagram's servers do: "Dismissing Python Garbage Collection at Instagram").
    Tests call `main` and keep their interpreter."""
    status = main()
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):  # a reader that went away, or a closed stream
        pass
    try:
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    from ..cache import save

    save()
    os._exit(status)
