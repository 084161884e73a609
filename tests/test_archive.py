"""Checking an archive (issue 18): JSON lines streamed draft by draft, in several
processes, and on a Dask cluster that resumes where it was stopped."""

from __future__ import annotations

import gc
import json
import os
import tracemalloc
from pathlib import Path

import pytest

from verify import archive
from verify.adapters.cli import main
from verify.reporting.jsonl import Tally, jsonl

ROOT = Path(__file__).resolve().parent.parent

# short drafts of a few kinds: claims the default store supports, contradicts, knows nothing of
TEMPLATES = (
    "Jiangxi's foreign trade reached {a} billion yuan in 2023, officials said.\n",
    "The province's GDP climbed to 3.{b} trillion yuan in 2023, from 1.28 trillion yuan in 2012.\n",
    "Exports of the county's tea grew by {b} percent, the co-operative said.\n",
    "Yichun holds lithium oxide reserves of more than {b} million tonnes.\n\nNo other figure here.\n",
    "A quiet week: the council met twice and adjourned.\n",
)


def make_archive(folder: Path, n: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = f"---\ndate: 2024-06-{1 + i % 28:02d}\n---\n\n" + TEMPLATES[i % len(TEMPLATES)].format(
            a=500 + i, b=i % 10
        )
        (folder / f"{i % 7}" / f"draft-{i:05d}.md").parent.mkdir(exist_ok=True)
        (folder / f"{i % 7}" / f"draft-{i:05d}.md").write_text(text, encoding="utf-8")
    return sorted(str(p) for p in folder.rglob("*.md"))


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> list[str]:
    return make_archive(tmp_path_factory.mktemp("archive"), 24)


def test_jsonl_claims_are_the_json_reports_claims_in_path_order(small, capsys):
    _, out, _ = run(capsys, "check", *reversed(small), "--format", "jsonl")
    lines = records(out)
    *claims, last = lines
    _, whole, _ = run(capsys, "check", *small, "--format", "json")
    assert claims == json.loads(whole)["claims"]
    assert [c["draft"] for c in claims] == sorted(c["draft"] for c in claims)
    assert last["summary"] == {**json.loads(whole)["summary"], "schema_version": 3, "failed": 0}
    assert last["failed"] == []


def test_jobs_2_writes_what_jobs_1_writes_byte_for_byte(small, capsys):
    one = run(capsys, "check", str(Path(small[0]).parent.parent), "--format", "jsonl")
    two = run(capsys, "check", str(Path(small[0]).parent.parent), "--format", "jsonl", "--jobs", "2")
    assert one == two
    assert one[1].count("\n") > len(small)


UNREADABLE = [
    pytest.param(b"\x00\x01\x02binary", "is not text (binary data)", id="binary-file-is-listed"),
    pytest.param(b"caf\xe9 au lait cost 3 euros", "is not UTF-8 text", id="latin-1-file-is-listed"),
    pytest.param(
        b"---\ndate: 2024-13-45\n---\nGDP was 3 trillion yuan.\n",
        "is not a date that exists",
        id="front-matter-date-that-does-not-exist-is-listed",
    ),
    pytest.param(None, "no such file", id="missing-file-is-listed"),
]


@pytest.mark.parametrize("data,error", UNREADABLE)
@pytest.mark.parametrize("jobs", ["1", "2"], ids=["one-process", "two-processes"])
def test_a_draft_that_cannot_be_read_is_listed_and_the_rest_checked(small, tmp_path, capsys, data, error, jobs):
    bad = tmp_path / "0-bad.md"
    if data is not None:
        bad.write_bytes(data)
    code, out, err = run(capsys, "check", str(bad), *small[:6], "--format", "jsonl", "--jobs", jobs)
    lines = records(out)
    listed = [line for line in lines if "error" in line]
    assert len(listed) == 1 and listed[0]["draft"] == str(bad) and error in listed[0]["error"]
    _, good, _ = run(capsys, "check", *small[:6], "--format", "jsonl")
    assert [line for line in lines[:-1] if "error" not in line] == records(good)[:-1]
    assert lines[-1]["summary"]["drafts"] == 7 and lines[-1]["summary"]["failed"] == 1
    assert lines[-1]["failed"] == listed
    assert code == 2 and f"{bad}" in err and "not checked" in err


def test_a_run_of_only_good_drafts_exits_by_fail_on(small, capsys):
    assert run(capsys, "check", *small, "--format", "jsonl")[0] == 1  # a contradicted claim
    assert run(capsys, "check", *small, "--format", "jsonl", "--fail-on", "never")[0] == 0


@pytest.mark.parametrize(
    "argv,message",
    [
        (["--jobs", "2", "--format", "json"], "--format json is written whole"),
        (["--jobs", "0"], "--jobs must be at least 1"),
        (["--engine", "dask"], "--engine dask: needs a folder"),
    ],
    ids=["jobs-needs-jsonl", "jobs-at-least-one", "dask-needs-an-output-folder"],
)
def test_archive_options_that_make_no_sense_are_usage_errors(small, capsys, argv, message):
    code, _, err = run(capsys, "check", *small[:2], *argv)
    assert code == 2 and message in err


def test_memory_of_one_process_does_not_grow_with_the_archive(tmp_path):
    """Peak traced memory over 480 drafts is that over 120, within 64 KB (a check keeps
    nothing of a draft once its lines are out: 500 bytes a draft kept would be 180 KB more)."""
    paths = make_archive(tmp_path, 480)
    list(jsonl(archive.check_all(paths[:10])))  # what the first check loads and caches

    def peak(drafts: list[str]) -> int:
        gc.collect()
        tracemalloc.start()
        try:
            for _ in jsonl(archive.check_all(drafts)):
                pass
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small_peak, large_peak = peak(paths[:120]), peak(paths)
    assert large_peak - small_peak < 64_000, (small_peak, large_peak)


def test_a_store_opened_immutable_is_read_and_nothing_is_written_beside_it(tmp_path):
    from verify.store.db import Store
    from verify.store.ingest import ingest_into

    db = tmp_path / "s.db"
    ingest_into(db, [str(ROOT / "seeds" / "2024-05-20-chinadaily-jiangxi-open-economy.txt")])
    before = sorted(os.listdir(tmp_path))
    with Store.open(db, immutable=True) as st:
        assert st.count_figures() > 0
        assert sorted(os.listdir(tmp_path)) == before


# ---- a Dask cluster -------------------------------------------------------------------


@pytest.fixture(scope="module")
def scheduler():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    ) as cluster:
        yield cluster.scheduler_address


def test_dask_on_a_local_cluster_gives_the_claims_of_one_process(small, tmp_path, capsys):
    """Without --scheduler, a local cluster of 2 worker processes is started."""
    _, one, _ = run(capsys, "check", *small, "--format", "jsonl")
    code, out, err = run(
        capsys, "check", *small, "--engine", "dask", "--output", str(tmp_path / "out"), "--partition-size", "5"
    )
    parts = sorted((tmp_path / "out").glob("part-*.jsonl"))
    assert len(parts) == 5
    assert "".join(p.read_text(encoding="utf-8") for p in parts) + out == one
    assert code == 1 and "5 partitions checked" in err


def test_a_resumed_run_redoes_no_finished_partition(small, tmp_path, scheduler):
    from verify.cluster import check_on_cluster

    out = tmp_path / "out"
    finished = []

    def stop_after_two(partition):
        finished.append(partition.index)
        if len(finished) == 2:
            raise KeyboardInterrupt  # the run is stopped after its second partition is recorded

    with pytest.raises(KeyboardInterrupt):
        check_on_cluster(small, None, out, Tally(), scheduler=scheduler, partition=4, done=stop_after_two)
    kept = {p.name: p.stat().st_mtime_ns for p in out.glob("part-*.jsonl")}
    assert sorted(kept) == [f"part-{i:05d}.jsonl" for i in sorted(finished)]

    tally = Tally()
    ran = check_on_cluster(small, None, out, tally, scheduler=scheduler, partition=4)
    assert ran == sorted(set(range(6)) - set(finished))
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("part-*.jsonl") if p.name in kept} == kept
    assert tally.drafts == len(small)
    one = list(jsonl(archive.check_all(small), last=False))
    assert "".join(p.read_text(encoding="utf-8") for p in sorted(out.glob("part-*.jsonl"))) == "".join(
        line + "\n" for line in one
    )
    assert check_on_cluster(small, None, out, Tally(), scheduler=scheduler, partition=4) == []


def test_a_shipped_store_gives_the_same_claims(small, tmp_path, scheduler):
    from verify.cluster import check_on_cluster

    check_on_cluster(small[:8], None, tmp_path, Tally(), scheduler=scheduler, partition=4, ship_store=True)
    one = list(jsonl(archive.check_all(small[:8]), last=False))
    assert "".join(p.read_text(encoding="utf-8") for p in sorted(tmp_path.glob("part-*.jsonl"))) == "".join(
        line + "\n" for line in one
    )


@pytest.mark.parametrize(
    "change",
    [{"partition": 3}, {"date": "2024-01-01"}, {"drafts": 1}],
    ids=["other-partition-size", "other-date", "other-drafts"],
)
def test_a_folder_of_another_run_is_refused(small, tmp_path, scheduler, change):
    from verify.cluster import check_on_cluster
    from verify.errors import UsageError

    check_on_cluster(small[:8], None, tmp_path, Tally(), scheduler=scheduler, partition=4)
    kw = {"partition": 4, **change}
    drafts = small[: 8 - kw.pop("drafts", 0)]
    with pytest.raises(UsageError, match="another run"):
        check_on_cluster(drafts, None, tmp_path, Tally(), scheduler=scheduler, **kw)


def test_a_check_without_the_dask_engine_never_imports_dask(small):
    import subprocess
    import sys

    code = (
        "import sys; from verify.adapters.cli import main; main(['check', sys.argv[1], '--format', 'jsonl']);"
        " assert not {'dask', 'distributed'} & set(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code, small[0]], check=True, cwd=ROOT, capture_output=True)


def test_an_undated_draft_of_an_archive_is_warned_of(capsys, tmp_path):
    """As the text report says it under the draft's name: on stderr, the JSON lines unchanged."""
    undated, dated = tmp_path / "a.md", tmp_path / "b.md"
    undated.write_text("Jiangxi's foreign trade reached 569 billion yuan last year.\n", encoding="utf-8")
    dated.write_text(
        "---\ndate: 2024-05-22\n---\n\nJiangxi's foreign trade reached 569 billion yuan.\n", encoding="utf-8"
    )
    assert main(["check", str(tmp_path), "--format", "jsonl"]) in (0, 1)
    out, err = capsys.readouterr()
    assert f"{undated}: warning: no date" in err and str(dated) not in err
    assert all("warning" not in line for line in out.splitlines())
