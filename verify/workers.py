"""Work that may take long, done in worker processes under a time limit (for `verify serve`).

The service hands each check, and each reading of a source, to one of a fixed number of
worker processes and awaits the answer without blocking its event loop. Work in a
thread would not do: Python's `re` holds the GIL for the whole of one match, so one
pathological pattern on a 5 kB body stalls every thread of the server, /healthz
included, and a thread cannot be stopped. A process can: a job that outlasts its
deadline is stopped by ending its worker, which is replaced.

    pool = Pool(2, setup=open_store, args=(path,))
    result = await pool.run(time.monotonic() + 30, job, text)   # raises TimeUp

Workers start from a fork server that has already imported verify (multiprocessing's
forkserver, preloaded), so a replacement is ready in tens of milliseconds; where there is
no fork server (Windows), they are spawned. Each worker runs `setup(*args)` once, then
one job at a time: a module-level function and its arguments, pickled. A job's
VerifyError reaches the caller as itself (its class, message and fields); any other
exception is logged by the worker and reaches the caller as WorkerFailed.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from .errors import OverloadedError, VerifyError

log = logging.getLogger("verify.workers")

READY_WITHIN = 60.0  # seconds a new worker may take to start and run its setup


class TimeUp(Exception):
    """The job was not done by its deadline (it was stopped, or never started)."""

    def __init__(self, started: bool):
        super().__init__("stopped at its deadline" if started else "no worker was free before its deadline")
        self.started = started


class WorkerFailed(RuntimeError):
    """The job raised something other than a VerifyError, or its worker died."""


class Pool:
    """`size` worker processes, and at most `waiting` jobs queued for them."""

    def __init__(
        self,
        size: int,
        *,
        setup: Callable[..., None],
        args: tuple = (),
        waiting: int = 64,
        preload: tuple[str, ...] = (),
    ):
        self.size = size
        self.waiting = waiting
        self._setup, self._args, self._preload = setup, args, preload
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._threads: ThreadPoolExecutor | None = None
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._pending = 0  # jobs submitted and not answered (counted on the event loop's thread)
        self._closed = False

    def start(self) -> None:
        """Start the workers and wait until each has run its setup (a failed setup raises)."""
        with self._lock:
            if self._threads is not None:
                return
            self._ctx = _context(self._preload)
            started = [_Worker(self._ctx, self._setup, self._args) for _ in range(self.size)]
            try:
                for w in started:
                    w.wait_ready()
            except BaseException:
                for w in started:
                    w.kill()
                raise
            for w in started:
                self._workers.add(w)
                self._idle.put(w)
            self._threads = ThreadPoolExecutor(self.size, thread_name_prefix="verify-worker")

    async def run(self, deadline: float, fn: Callable, *args: Any) -> Any:
        """`fn(*args)` in a worker, by `deadline` (time.monotonic()); raises TimeUp after,
        OverloadedError when too many jobs are waiting already."""
        if self._threads is None:
            await asyncio.get_running_loop().run_in_executor(None, self.start)
        if self._pending >= self.size + self.waiting:
            raise OverloadedError(
                f"the service is busy: its {self.size} worker{'s are' if self.size > 1 else ' is'}"
                f" at work and {self.waiting} more requests wait already",
                fix="try again in a moment",
            )
        self._pending += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._threads, self._call, deadline, fn, args)
        finally:
            self._pending -= 1

    def alive(self) -> int:
        """Workers ready or busy (those being replaced do not count)."""
        return sum(1 for w in list(self._workers) if w.process.is_alive())

    def close(self) -> None:
        """Stop every worker (a running job is not waited for) and the threads."""
        with self._lock:
            self._closed = True
            for w in list(self._workers):
                w.stop()
            self._workers.clear()
            if self._threads is not None:
                self._threads.shutdown(wait=False, cancel_futures=True)

    # ---- in a dispatching thread ----------------------------------------------------------
    def _call(self, deadline: float, fn: Callable, args: tuple) -> Any:
        for attempt in (1, 2):  # a worker found dead before it got the job: once more, with another
            try:
                w = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise TimeUp(started=False) from None
            try:
                return w.call(fn, args, deadline)
            except _Dead as dead:
                if dead.took_job or attempt == 2:
                    raise WorkerFailed("the worker stopped before it answered") from None
            finally:
                if w.usable:
                    self._idle.put(w)
                else:
                    self._replace(w)
        raise AssertionError("unreachable")

    def _replace(self, old: _Worker) -> None:
        """Stop a worker and start another in its place, in the background (the job that
        stopped it is answered at once)."""
        old.kill()
        with self._lock:
            self._workers.discard(old)
        threading.Thread(target=self._respawn, name="verify-respawn", daemon=True).start()

    def _respawn(self) -> None:
        pause = 0.1
        while not self._closed:
            w = None
            try:
                w = _Worker(self._ctx, self._setup, self._args)
                w.wait_ready()
            except BaseException as exc:  # the store went away, say: keep trying, slower
                if w is not None:
                    w.kill()
                log.warning("verify: a worker could not start (%s); trying again in %.1f s", exc, pause)
                time.sleep(pause)
                pause = min(pause * 2, 5.0)
                continue
            with self._lock:
                if self._closed:
                    w.stop()
                    return
                self._workers.add(w)
            self._idle.put(w)
            return


class _Dead(Exception):
    def __init__(self, took_job: bool):
        self.took_job = took_job


class _Worker:
    """One worker process and the pipe to it."""

    def __init__(self, ctx, setup: Callable, args: tuple):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_main, args=(child, setup, args), name="verify-worker", daemon=True)
        self.process.start()
        child.close()
        self.usable = True

    def wait_ready(self) -> None:
        if not self.conn.poll(READY_WITHIN):
            self.kill()
            raise WorkerFailed(f"a worker did not start within {READY_WITHIN:g} s")
        try:
            ok, value = self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise WorkerFailed("a worker stopped as it started") from None
        if not ok:
            self.kill()
            raise _rebuilt(value)

    def call(self, fn: Callable, args: tuple, deadline: float) -> Any:
        try:
            self.conn.send((fn, args))
        except (OSError, EOFError):
            self.usable = False
            raise _Dead(took_job=False) from None
        try:
            if not self.conn.poll(max(0.0, deadline - time.monotonic())):
                self.usable = False  # still at it: it is stopped, and replaced
                raise TimeUp(started=True)
            ok, value = self.conn.recv()
        except (EOFError, OSError):  # it died, or the pool was closed
            self.usable = False
            raise _Dead(took_job=True) from None
        if ok:
            return value
        raise _rebuilt(value)

    def kill(self) -> None:
        self.usable = False
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()

    def stop(self) -> None:
        """Ask an idle worker to end; kill it if it does not (or is busy)."""
        try:
            self.conn.send(None)
        except (OSError, EOFError):
            pass
        self.process.join(timeout=0.5)
        self.kill()


# ---- in the worker process ------------------------------------------------------------------
def _main(conn, setup: Callable, args: tuple) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the server ends its workers
    _die_with_parent()
    try:
        setup(*args)
    except BaseException as exc:
        conn.send((False, _portable(exc)))
        return
    conn.send((True, None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):  # the server has gone
            return
        if job is None:
            return
        fn, a = job
        try:
            answer = (True, fn(*a))
        except BaseException as exc:
            answer = (False, _portable(exc))
        try:
            conn.send(answer)
        except (OSError, EOFError):
            return


def _die_with_parent() -> None:
    """Linux: end this worker when the process that started it (the fork server, which
    ends with the server) ends, even in the middle of a regular expression that holds
    the GIL, where no thread of its own could act. A worker starts no processes, so it
    lets go of the fork server's lifeline it inherits: otherwise the fork server would
    wait for the worker, and the worker for it."""
    from multiprocessing import forkserver

    server = getattr(forkserver, "_forkserver", None)
    lifeline = getattr(server, "_forkserver_alive_fd", None)
    if server is not None and lifeline is not None:
        try:
            os.close(lifeline)
        except OSError:
            pass
        server._forkserver_alive_fd = None
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def _portable(exc: BaseException):
    """An exception as it can cross the pipe: a VerifyError whole; anything else, logged
    here, as WorkerFailed."""
    if isinstance(exc, VerifyError):
        return (type(exc), str(exc.args[0]) if exc.args else "", dict(vars(exc)))
    sys.stderr.write(f"verify: worker {os.getpid()}: {''.join(traceback.format_exception(exc))}")
    return (WorkerFailed, f"{type(exc).__name__}: {exc}", {})


def _rebuilt(value) -> BaseException:
    cls, message, fields = value
    exc = cls.__new__(cls)
    Exception.__init__(exc, message)
    exc.__dict__.update(fields)
    return exc


def _context(preload: tuple[str, ...]):
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        if preload:
            ctx.set_forkserver_preload(list(preload))
        return ctx
    return multiprocessing.get_context("spawn")
