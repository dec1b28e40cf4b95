"""DynamoDB write units per handover: every write to the job table during one handover of a
core database through the local stack, costed as DynamoDB costs it. A write costs the larger
of the item's size before and after it, in 1 KB units (twice in a transaction); the by_release
index costs a write of its own whenever an attribute it holds changes. Split by what wrote:
copy checkpoints, the job item, and the rest (guards, copy slots).

    .venv/bin/python benchmarks/job_writes.py                  # 20,000 genes, 5,000-row chunks
    .venv/bin/python benchmarks/job_writes.py --genes 200000 --batch-rows 100000

Run it on two commits to compare layouts (the numbers are DynamoDB's own arithmetic, so they
do not depend on the machine).
"""

from __future__ import annotations

import sys  # noqa: I001
from pathlib import Path

# Run as a script: the project root on the path, for `benchmarks.*`.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import argparse
import json
import math
import threading
import time
import urllib.request
from collections import Counter
from typing import Any

from moto.dynamodb.models import dynamodb_backends
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.responses import DynamoHandler

from handover_cli.local import schemas as fixture_schemas
from handover_cli.local.fixtures import create_core_database
from handover_cli.local.gateway import Gateway
from handover_cli.local.servers import MariaDBServer, connect, free_port
from handover_cli.local.stack import ACCOUNT, REGION, LocalStack

RELEASE = 115
FINISHED = ("SUCCEEDED", "FAILED", "CANCELLED")


class WriteMeter:
    """Costs every write to one table, as DynamoDB bills it."""

    def __init__(self, table: str) -> None:
        self.table = table
        self.units: Counter[str] = Counter()
        self.writes: Counter[str] = Counter()
        self.lock = threading.Lock()

    def _table(self) -> Any:
        return dynamodb_backends[ACCOUNT][REGION].get_table(self.table)

    def _item(self, pk: str) -> Any:
        return self._table().get_item(DynamoType({"S": pk}))

    def _index_view(self, item: Any) -> dict[str, Any] | None:
        """What the by_release index holds of an item; None when the item is not in it."""
        if item is None:
            return None
        (index,) = self._table().global_indexes
        keys = [k["AttributeName"] for k in index.schema]
        if not all(k in item.attrs for k in keys):
            return None
        projection = index.projection
        if projection.get("ProjectionType") == "ALL":
            names = set(item.attrs)
        else:
            names = {"pk", *keys, *projection.get("NonKeyAttributes", [])}
        return {k: v for k, v in item.attrs.items() if k in names}

    @staticmethod
    def _kind(pk: str) -> str:
        if "#cursor#" in pk:
            return "checkpoint"
        if pk.startswith(("inflight#", "slots#")):
            return "guard or slot"
        return "job item"

    def measured(self, pk: str, transactional: bool, call: Any) -> Any:
        before = self._item(pk)
        before_size, before_view = (before.size() if before else 0), self._index_view(before)
        result = call()
        after = self._item(pk)
        after_size, after_view = (after.size() if after else 0), self._index_view(after)
        kind = self._kind(pk)
        units = max(1, math.ceil(max(before_size, after_size) / 1024))
        self.units[kind] += units * (2 if transactional else 1)
        self.writes[kind] += 1
        if before_view != after_view:
            view = after_view or before_view or {}
            size = sum(len(k) + v.size() for k, v in view.items())
            self.units[f"{kind}: by_release index"] += max(1, math.ceil(size / 1024))
        return result

    def install(self) -> None:
        inner = DynamoHandler.call_action
        meter = self

        def metered(handler: DynamoHandler) -> Any:
            target = (handler.headers.get("X-Amz-Target") or "").split(".")[-1]
            body = json.loads(handler.body or "{}")
            single = target in ("PutItem", "UpdateItem", "DeleteItem")
            if single and body.get("TableName") == meter.table:
                pk = (body.get("Key") or body.get("Item"))["pk"]["S"]
                with meter.lock:
                    return meter.measured(pk, False, lambda: inner(handler))
            if target == "TransactWriteItems":
                items = [
                    op
                    for entry in body["TransactItems"]
                    for op in entry.values()
                    if op.get("TableName") == meter.table
                ]
                with meter.lock:
                    if not items:
                        return inner(handler)
                    # Cost each item; the call itself runs once, with the first.
                    result: list[Any] = []
                    for n, op in enumerate(items):
                        pk = (op.get("Key") or op.get("Item"))["pk"]["S"]
                        meter.measured(
                            pk,
                            True,
                            (lambda: result.append(inner(handler))) if n == 0 else (lambda: None),
                        )
                    return result[0]
            return inner(handler)

        DynamoHandler.call_action = metered  # type: ignore[method-assign]


def http(method: str, url: str, body: Any = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as reply:
        return json.loads(reply.read())


def hand_over(api: str, src_uri: str, comment: str, poll_seconds: float = 0.5) -> dict[str, Any]:
    """Submit one handover to a local gateway and wait for its end; its job at the end."""
    token = http(
        "POST",
        f"{api}/handovers",
        {"src_uri": src_uri, "contact": "bench@example.org", "comment": comment},
    )["handover_token"]
    while (job := http("GET", f"{api}/handovers/{token}"))["status"] not in FINISHED:
        time.sleep(poll_seconds)
    return dict(job)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--genes", type=int, default=20_000, help="2 transcripts and 3 exons each")
    parser.add_argument(
        "--batch-rows", type=int, default=5_000, help="CopyBatchRows: rows per chunk"
    )
    args = parser.parse_args()

    with MariaDBServer("bench-source") as source, MariaDBServer("bench-staging") as staging:
        name = f"bench_core_{RELEASE}_1"
        with connect(source.uri) as conn:
            create_core_database(
                conn,
                name,
                release=RELEASE,
                genes_per_species=args.genes,
                chromosome_length=2_000_000,
            )
        with LocalStack(
            staging_uri=staging.uri,
            metadata_uri=staging.uri.rstrip("/") + "/handover_metadata",
            parameters={
                "Release": str(RELEASE),
                "CopyBatchRows": str(args.batch_rows),
                "CopyChunkSeconds": "0",  # a chunk per invocation: each checkpoint is a write
                "LogLevel": "WARNING",
            },
            reference_schemas=Path(fixture_schemas.__file__).resolve().parent,
        ) as stack:
            meter = WriteMeter(stack.table_name)
            meter.install()
            port = free_port()
            server = Gateway(stack).serve(port)
            api = f"http://127.0.0.1:{port}"
            started = time.monotonic()
            job = hand_over(api, f"{source.uri.rstrip('/')}/{name}", "writes")
            server.shutdown()
    progress = job.get("copy_progress") or {}
    print(
        f"{job['status']} in {time.monotonic() - started:.0f} s: {progress.get('rows_copied', 0):,} rows, "
        f"{progress.get('chunks', 0)} chunks in {progress.get('parts_total', 0)} parts"
    )
    total = sum(meter.units.values())
    print(f"{'what wrote':<36}{'writes':>8}{'write units':>13}")
    for kind in sorted(meter.units):
        print(f"{kind:<36}{meter.writes.get(kind, 0):>8}{meter.units[kind]:>13}")
    print(f"{'total':<36}{sum(meter.writes.values()):>8}{total:>13}")
    chunks = progress.get("chunks") or 1
    print(f"write units per chunk: {total / chunks:.1f}")
    return 0 if job["status"] == "SUCCEEDED" else 1


if __name__ == "__main__":
    raise SystemExit(main())
