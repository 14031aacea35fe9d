"""Repeated timings and their percentiles (the benchmarks report p50/p95, never assert them)."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from multiprocessing.connection import Connection


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of the values, nearest rank; NaN when there are none."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def summary_ms(seconds: list[float]) -> dict[str, float | int]:
    """p50, p95 and max in milliseconds, and the number of samples."""
    return {"n": len(seconds), "p50_ms": round(percentile(seconds, 0.5) * 1000, 2),
            "p95_ms": round(percentile(seconds, 0.95) * 1000, 2),
            "max_ms": round(max(seconds) * 1000, 2) if seconds else float("nan")}


def repeat(call: Callable[[], int], reps: int, budget_s: float) -> tuple[list[float], int]:
    """Time ``call`` once as a warm-up, then up to ``reps`` times within ``budget_s``; (timings, its value).

    The warm-up is counted as the only sample when it alone took more than the budget, so a very slow
    baseline still gives a figure without running for minutes.
    """
    started = time.perf_counter()
    value = call()
    warm = time.perf_counter() - started
    timings: list[float] = []
    deadline = time.perf_counter() + budget_s
    while len(timings) < reps and (not timings or time.perf_counter() < deadline):
        if warm > budget_s:
            return [warm], value
        started = time.perf_counter()
        value = call()
        timings.append(time.perf_counter() - started)
    return timings, value


def ratio(slow: float, fast: float) -> float | None:
    """slow / fast rounded, None when either is missing or zero."""
    if not slow or not fast or slow != slow or fast != fast:
        return None
    return round(slow / fast, 2)


def _child(make_runner: Callable[[], Callable[[], int]], reps: int, budget: float, conn: Connection) -> None:
    """Forked child: build the runner, time it, send (timings, value) or the error back."""
    try:
        conn.send(repeat(make_runner(), reps, budget))
    except Exception as exc:  # any failure of the measured call is reported, not raised
        conn.send(f"{type(exc).__name__}: {exc}"[:300])
    finally:
        conn.close()


def repeat_forked(make_runner: Callable[[], Callable[[], int]], reps: int, budget: float,
                  timeout: float) -> dict[str, object]:
    """:func:`repeat` in a forked child killed after ``timeout`` seconds; summary_ms plus ``value``, or an error.

    Forking lets a child share a large in-memory baseline (rdflib) loaded once by the parent, and lets a
    query that runs for minutes be stopped (neither pyoxigraph nor rdflib can cancel a running query).
    """
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(make_runner, reps, budget, send), daemon=True)
    proc.start()
    send.close()
    try:
        if not receive.poll(timeout):
            return {"error": f"timeout: over {timeout:.0f} s", "n": 0, "p50_ms": None, "p95_ms": None}
        answer = receive.recv()
    except EOFError:
        answer = "the measuring process died"
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        receive.close()
    if isinstance(answer, str):
        return {"error": answer, "n": 0, "p50_ms": None, "p95_ms": None}
    timings, value = answer
    return {**summary_ms(timings), "rows": value}
