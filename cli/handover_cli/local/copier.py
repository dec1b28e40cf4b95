"""`handover local copy`: the copy engine from the command line, for an operator copying by
hand. It runs the same parts and chunks as the state machine, keeps its checkpoints in a state
file so that a killed copy resumes where it stopped, and shows rows, MB/s and ETA."""

from __future__ import annotations

import hashlib
import json
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import IO, Any

from handover.copying.engine import CopyEngine
from handover.copying.names import temporary_database
from handover.copying.publish import finish_replacement
from handover.dal.credentials import ServerCredentials
from handover.dal.mysql import connect, database_exists
from handover.models.workflow import CopyCursor, CopyPlan
from handover.uris import redact
from handover_cli.local.parallel import run_parts
from handover_cli.local.servers import secret_for_uri


def credentials(uri: str, what: str) -> ServerCredentials:
    s = secret_for_uri(uri)
    if "dbname" not in s:
        raise ValueError(f"{what} must name a database: mysql://user[:password]@host:port/database")
    return ServerCredentials(s["host"], s["port"], s["username"], s["password"], s["dbname"])


def default_state_path(src: ServerCredentials, tgt: ServerCredentials) -> Path:
    key = hashlib.sha256(f"{src.uri}|{tgt.uri}".encode()).hexdigest()[:16]
    return Path.home() / ".handover" / f"copy-{key}.json"


class CopyState:
    """What survives a killed copy: the token (hence the temporary database), the plan, the
    cursor of every part, and the tables already verified. Written atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()
        data: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
        self.token: str = data.get("token") or str(uuid.uuid4())
        self.plan = CopyPlan.model_validate(data["plan"]) if data.get("plan") else None
        self.cursors = {k: CopyCursor.model_validate(v) for k, v in data.get("cursors", {}).items()}
        self.verified: list[str] = data.get("verified", [])

    def save(self) -> None:
        with self.lock:
            data = {
                "token": self.token,
                "plan": self.plan.model_dump(mode="json") if self.plan else None,
                "cursors": {k: v.model_dump(mode="json") for k, v in self.cursors.items()},
                "verified": self.verified,
            }
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_suffix(".tmp")
            partial.write_text(json.dumps(data))
            partial.replace(self.path)

    def record(self, cursor: CopyCursor) -> None:
        with self.lock:
            previous = self.cursors.get(cursor.part.id)
            if previous is None or cursor.chunks >= previous.chunks:
                self.cursors[cursor.part.id] = cursor
        self.save()


class Progress:
    def __init__(self, total_rows: int, out: IO[str]) -> None:
        self.total_rows = max(total_rows, 1)
        self.out = out
        self.started = time.monotonic()
        self.tty = out.isatty()
        self.last_print = 0.0

    def show(self, state: CopyState, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last_print < (0.2 if self.tty else 5.0):
            return
        self.last_print = now
        rows = sum(c.rows_copied for c in state.cursors.values())
        size = sum(c.bytes_copied for c in state.cursors.values())
        elapsed = max(now - self.started, 1e-6)
        fraction = min(rows / self.total_rows, 1.0)
        eta = (elapsed / fraction - elapsed) if fraction > 0 else 0
        parts = len(state.plan.parts) if state.plan else 0
        done = sum(c.done for c in state.cursors.values())
        bar = "#" * int(fraction * 30)
        line = (
            f"[{bar:<30}] {rows:>12,} rows  {size / 1e6:9.1f} MB  {size / 1e6 / elapsed:7.1f} MB/s  "
            f"parts {done}/{parts}  ETA {int(eta) // 60}m{int(eta) % 60:02d}s"
        )
        self.out.write(("\r" + line) if self.tty else (line + "\n"))
        self.out.flush()


def run(
    src_uri: str,
    tgt_uri: str,
    *,
    chunk_seconds: float = 60,
    parallel: int = 2,
    batch_rows: int = 1_000_000,
    split_rows: int = 2_000_000,
    index_sort_mb: int = 512,
    state_path: Path | None = None,
    out: IO[str] = sys.stdout,
) -> int:
    src, tgt = credentials(src_uri, "SRC_URI"), credentials(tgt_uri, "TGT_URI")
    state = CopyState(state_path or default_state_path(src, tgt))
    engine = CopyEngine(
        src,
        tgt,
        state.token,
        budget_seconds=chunk_seconds,
        batch_rows=batch_rows,
        split_rows=split_rows,
        index_sort_bytes=index_sort_mb * 1024 * 1024,
        on_chunk=state.record,
    )
    with connect(tgt, "staging") as conn:
        resuming = state.plan is not None and database_exists(conn, temporary_database(state.token))
    with connect(src, "source") as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT COALESCE(SUM(TABLE_ROWS), 0) FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s",
            (src.database,),
        )
        total_rows = int(cur.fetchone()[0])
    out.write(
        f"{'resuming' if resuming else 'copying'} {redact(str(src.uri))} -> {redact(str(tgt.uri))} "
        f"(state: {state.path})\n"
    )
    if not resuming:
        state.cursors, state.verified = {}, []
        state.plan = engine.prepare()
        state.save()
    assert state.plan is not None
    progress = Progress(total_rows, out)

    def verified(table: str) -> None:
        with state.lock:
            state.verified.append(table)
        state.save()

    run_parts(
        engine,
        state.plan,
        parallel=parallel,
        resume=dict(state.cursors),
        verified=set(state.verified),
        on_progress=lambda _cursor: progress.show(state),
        on_verified=verified,
    )
    progress.show(state, force=True)
    out.write("\n")
    engine.publish()
    replaced = finish_replacement(tgt, state.token)
    state.path.unlink(missing_ok=True)
    rows = sum(c.rows_copied for c in state.cursors.values())
    out.write(
        f"published {tgt.database}: {len(state.plan.tables)} tables, {rows:,} rows verified"
        + (" (the previous copy was replaced)" if replaced else "")
        + "\n"
    )
    return 0
