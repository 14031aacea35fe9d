"""Query workers that can be killed: time limits for an embedded store, whose queries cannot be cancelled.

pyoxigraph has no way to interrupt a running query, so a time limit has to stop the process running it.
The pool keeps a few worker processes, each reading a *snapshot* of the store (a RocksDB checkpoint made
with ``Store.backup``: hard links, about a millisecond). A query goes to an idle worker; if it has not
answered within the limit, the worker is killed (its memory goes back to the system), a fresh one takes its
place, and the caller gets a ``QueryTimeout`` while the other workers go on serving. After every write the
owner of the read-write store calls ``refresh()``, which makes a new snapshot; each worker switches to it at
its next query, and snapshots nobody reads any more are deleted. Readers never share a directory with the
writer (pyoxigraph warns that a read-only store beside a writing process is undefined behaviour).
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
import queue
import shutil
import threading
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from policykg.errors import PolicyKGError, QueryError, StoreError
from policykg.kg.store import QueryResult

_CONTEXT = mp.get_context("spawn")  # no fork: the parent has threads (web server) and an open RocksDB


class QueryTimeout(PolicyKGError):
    """A query stopped at its time limit."""

    status = 503
    kind = "timeout"


class PoolBusy(PolicyKGError):
    """Every query worker stayed busy for the whole time limit."""

    status = 503
    kind = "busy"


def _serve(conn: Connection) -> None:
    """Worker loop: answer queries against the snapshot named with each request, until the pipe closes."""
    from policykg.kg.embedded import run_ox_query

    opened: tuple[str, ox.Store] | None = None
    while True:
        try:
            snapshot, sparql, default_graphs, named_graphs = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if opened is None or opened[0] != snapshot:
                opened = None
                opened = (snapshot, ox.Store.read_only(snapshot))
            reply: tuple[str, Any] = ("ok", run_ox_query(opened[1], sparql, default_graphs, named_graphs,
                                                         where=f"snapshot {snapshot}"))
        except PolicyKGError as exc:
            reply = ("error", (type(exc).__name__, exc.message))
        except Exception as exc:  # anything else is reported to the caller, not swallowed
            reply = ("error", ("StoreError", f"the query worker failed: {type(exc).__name__}: {exc}"))
        conn.send(reply)


@dataclass
class _Worker:
    """One worker process and the parent's end of its pipe."""

    process: Any
    conn: Connection
    snapshot: str | None = None

    @classmethod
    def start(cls) -> _Worker:
        """Start a worker process."""
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=_serve, args=(child,), daemon=True, name="policykg-query-worker")
        process.start()
        child.close()
        return cls(process, parent)

    def kill(self) -> None:
        """Stop the worker now (SIGKILL) and reap it."""
        self.process.kill()
        self.process.join(5)
        self.conn.close()


@dataclass
class QueryPool:
    """Worker processes answering queries on snapshots of a store, each query under a time limit."""

    store: ox.Store
    snapshot_root: Path
    workers: int = 2
    timeout: float = 10.0
    _idle: queue.Queue[_Worker] = field(default_factory=queue.Queue, init=False)
    _all: list[_Worker] = field(default_factory=list, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _versions: itertools.count = field(default_factory=itertools.count, init=False)
    _current: str = field(default="", init=False)
    _closed: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        """Take the first snapshot and start the workers."""
        if self.workers < 1:
            raise ValueError("a query pool needs at least one worker")
        shutil.rmtree(self.snapshot_root, ignore_errors=True)
        self.snapshot_root.mkdir(parents=True)
        self.refresh()
        for _ in range(self.workers):
            worker = _Worker.start()
            self._all.append(worker)
            self._idle.put(worker)

    def refresh(self) -> None:
        """Snapshot the store as it is now; queries from here on read this snapshot."""
        with self._lock:
            path = self.snapshot_root / str(next(self._versions))
            try:
                self.store.flush()
                self.store.backup(str(path))
            except OSError as exc:
                raise StoreError(f"cannot snapshot the store for the query workers: {exc}") from exc
            self._current = str(path)
            self._collect()

    def _collect(self) -> None:
        """Delete snapshots that are neither current nor open in a worker (caller holds the lock)."""
        in_use = {w.snapshot for w in self._all} | {self._current}
        for path in self.snapshot_root.iterdir():
            if str(path) not in in_use:
                shutil.rmtree(path, ignore_errors=True)

    def query(self, sparql: str, default_graphs: list[str] | None = None, named_graphs: list[str] | None = None,
              timeout: float | None = None) -> QueryResult:
        """Run a query in a worker; QueryTimeout (and a fresh worker) when it outlives the limit."""
        if self._closed:
            raise StoreError("the query workers are shut down")
        limit = self.timeout if timeout is None else min(timeout, self.timeout)
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise PoolBusy(f"all {self.workers} query workers stayed busy for {self.timeout:g} s; "
                           "try again in a moment") from None
        with self._lock:
            worker.snapshot = self._current
        try:
            worker.conn.send((worker.snapshot, sparql, default_graphs, named_graphs))
            if not worker.conn.poll(limit):
                self._replace(worker)
                worker = None
                raise QueryTimeout(f"the query was stopped after {limit:g} s (the time limit); make it more "
                                   "selective or add a LIMIT")
            status, payload = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            worker = None
            raise StoreError("the query worker stopped unexpectedly; please run the query again") from None
        finally:
            if worker is not None:
                self._idle.put(worker)
        if status == "ok":
            return payload
        kind, message = payload
        raise (QueryError if kind == "QueryError" else StoreError)(message)

    def _replace(self, worker: _Worker | None) -> None:
        """Kill a worker and put a fresh one in its place."""
        if worker is None:
            return
        worker.kill()
        fresh = _Worker.start()
        with self._lock:
            self._all[self._all.index(worker)] = fresh
            self._collect()
        self._idle.put(fresh)

    def close(self) -> None:
        """Stop every worker and delete the snapshots."""
        if self._closed:
            return
        self._closed = True
        for worker in self._all:
            worker.kill()
        shutil.rmtree(self.snapshot_root, ignore_errors=True)
