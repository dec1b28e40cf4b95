"""Running a whole copy here and now, on threads: the CLI's `handover local copy`, tests and
benchmarks. The service runs the same engine calls from the state machine's Map states."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Collection, Mapping
from concurrent.futures import ThreadPoolExecutor

from handover.copying.engine import CopyEngine, source_digest
from handover.models.workflow import CopyCursor, CopyPart, CopyPlan


def copy_all(
    engine: CopyEngine,
    *,
    parallel: int = 1,
    on_progress: Callable[[CopyCursor], None] | None = None,
) -> CopyPlan:
    """Prepare, copy and finish every part and table on `parallel` threads, publish."""
    plan = engine.prepare()
    run_parts(engine, plan, parallel=parallel, on_progress=on_progress)
    engine.publish()
    return plan


def run_parts(
    engine: CopyEngine,
    plan: CopyPlan,
    *,
    parallel: int = 1,
    resume: Mapping[str, CopyCursor] | None = None,
    verified: Collection[str] = (),
    on_progress: Callable[[CopyCursor], None] | None = None,
    on_verified: Callable[[str], None] | None = None,
) -> list[CopyCursor]:
    """Copy every part, resuming from `resume` (cursors by part id), and finish every table
    not yet `verified`, on `parallel` threads.

    The thread that copies a table's last part then finishes that table, before it takes
    another part. So no more than `parallel` things run at once (finishing on extra
    threads while parts still copied measured slower, 28-30 s against 25-26 s, as the
    two fight for CPU), and with the costliest parts first, no big index build is left
    to run alone at the end: idle CPU during the benchmark's copy fell from 1.7-1.9 to
    0.6-0.7 core-seconds against copying everything before finishing anything.
    """
    resume = resume or {}
    left = Counter(part.table for part in plan.parts)
    copied: list[CopyCursor] = []
    lock = threading.Lock()

    def copy(part: CopyPart) -> CopyCursor:
        cursor = resume.get(part.id) or CopyCursor(part=part)
        while not cursor.done:
            cursor = engine.copy_part(cursor)
            if on_progress:
                on_progress(cursor)
        with lock:
            copied.append(cursor)
            left[part.table] -= 1
            # The last part of its table: every other part's cursor is in already.
            done = list(copied) if left[part.table] == 0 else None
        if done is not None and part.table not in verified:
            expected = source_digest(part.table, done)
            # None: the build or digest outlasted one budget, and runs on; wait for it again.
            while engine.finish_table(part.table, expected) is None:
                pass
            if on_verified:
                on_verified(part.table)
        return cursor

    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        return [future.result() for future in [pool.submit(copy, p) for p in plan.parts]]
