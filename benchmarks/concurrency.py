"""Many handovers at once against one staging server with few connections to spare (issue 15).

Builds `--handovers` small core databases on a source server, starts a staging server with
`--max-connections` (20) whose service user may not exceed it, and submits every handover at
once through the local stack with MaxConcurrentCopiesPerServer = `--limit` (4). While they
run it samples staging every 20 ms, independently of the service's own bookkeeping:
- copies in flight: the temporary databases (`_handover_tmp_*`) present at once; each exists
  from Prepare copy until Publish copy;
- connections: Threads_connected.
It prints how each handover ended, the most copies and connections seen at once, and how
often a step met "Too many connections" (1040) and waited it out.

    .venv/bin/python benchmarks/concurrency.py
    .venv/bin/python benchmarks/concurrency.py --handovers 20 --limit 2
"""

from __future__ import annotations

import sys  # noqa: I001
from pathlib import Path

# Run as a script: the project root on the path, for `benchmarks.*`.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import argparse
import threading
import time
import uuid
from collections import Counter

import boto3

from benchmarks.job_writes import http  # noqa: E402
from handover_cli.local import schemas as fixture_schemas  # noqa: E402
from handover_cli.local.fixtures import create_core_database  # noqa: E402
from handover_cli.local.gateway import Gateway  # noqa: E402
from handover_cli.local.servers import MariaDBServer, connect, free_port  # noqa: E402
from handover_cli.local.stack import LocalStack  # noqa: E402

RELEASE = 115
SERVICE_USER, SERVICE_PASSWORD = "handover_svc", f"Bench{uuid.uuid4().hex[:10]}"
# What the service does on staging, without CONNECTION ADMIN (or SUPER), which may exceed
# max_connections.
GRANTS = (
    "SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX, CREATE VIEW, SHOW VIEW, "
    "LOCK TABLES, REFERENCES"
)


class Sampler:
    """Samples staging: temporary databases and connections at once, at their highest."""

    def __init__(self, uri: str) -> None:
        self.uri = uri
        self.most_copies = self.most_connections = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        with connect(self.uri) as conn, conn.cursor() as cur:
            while not self._stop.is_set():
                cur.execute(
                    "SELECT COUNT(*) FROM information_schema.SCHEMATA "
                    "WHERE SCHEMA_NAME LIKE '\\_handover\\_tmp\\_%'"
                )
                self.most_copies = max(self.most_copies, int(cur.fetchone()[0]))
                cur.execute("SHOW GLOBAL STATUS LIKE 'Threads_connected'")
                self.most_connections = max(self.most_connections, int(cur.fetchone()[1]))
                self.samples += 1
                time.sleep(0.02)


def busy_waits(state_machine_arn: str, tokens: list[str]) -> Counter[str]:
    """Task failures by error, over every execution's history: ServerBusy is a 1040 waited out."""
    sfn = boto3.client("stepfunctions")
    errors: Counter[str] = Counter()
    prefix = state_machine_arn.replace(":stateMachine:", ":execution:")
    for token in tokens:
        history = sfn.get_execution_history(executionArn=f"{prefix}:{token}", maxResults=1000)
        for event in history["events"]:
            for key in ("lambdaFunctionFailedEventDetails", "taskFailedEventDetails"):
                if key in event:
                    errors[event[key].get("error", "?")] += 1
    return errors


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--handovers", type=int, default=60)
    parser.add_argument("--limit", type=int, default=4, help="MaxConcurrentCopiesPerServer")
    parser.add_argument("--max-connections", type=int, default=20, help="staging's")
    args = parser.parse_args()

    with (
        MariaDBServer("bench-source") as source,
        MariaDBServer("bench-staging", [f"--max-connections={args.max_connections}"]) as staging,
    ):
        with connect(staging.uri) as conn, conn.cursor() as cur:
            cur.execute(f"CREATE USER '{SERVICE_USER}'@'%%' IDENTIFIED BY %s", (SERVICE_PASSWORD,))
            cur.execute(f"GRANT {GRANTS} ON *.* TO '{SERVICE_USER}'@'%'")
        service_staging = staging.uri.replace("root@", f"{SERVICE_USER}:{SERVICE_PASSWORD}@")
        names = [f"conc{i:03d}_core_{RELEASE}_1" for i in range(args.handovers)]
        with connect(source.uri) as conn:
            for name in names:
                create_core_database(conn, name, release=RELEASE)
        with LocalStack(
            staging_uri=service_staging,
            metadata_uri=service_staging.rstrip("/") + "/handover_metadata",
            parameters={
                "Release": str(RELEASE),
                "MaxConcurrentCopiesPerServer": str(args.limit),
                "CopySlotWaitSeconds": "1",
                "BusyRetrySeconds": "1",
                "RetryIntervalSeconds": "1",
                "LogLevel": "WARNING",
            },
            reference_schemas=Path(fixture_schemas.__file__).resolve().parent,
        ) as stack:
            port = free_port()
            server = Gateway(stack).serve(port)
            api = f"http://127.0.0.1:{port}"
            with Sampler(staging.uri) as sampler:
                started = time.monotonic()
                tokens = [
                    http(
                        "POST",
                        f"{api}/handovers",
                        {
                            "src_uri": f"{source.uri.rstrip('/')}/{name}",
                            "contact": "bench@example.org",
                            "comment": "concurrency",
                        },
                    )["handover_token"]
                    for name in names
                ]
                submitted = time.monotonic() - started
                ended: dict[str, str] = {}
                while len(ended) < len(tokens):
                    for token in tokens:
                        if token not in ended:
                            job = http("GET", f"{api}/handovers/{token}")
                            if job["status"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
                                ended[token] = job["status"]
                                if job["status"] != "SUCCEEDED":
                                    print(f"{token}: {job['status']}: {job['message']}")
                    time.sleep(0.5)
                seconds = time.monotonic() - started
            server.shutdown()
            errors = busy_waits(stack.state_machine_arn, tokens)
    print(
        f"{len(tokens)} handovers submitted in {submitted:.1f} s, all ended in {seconds:.0f} s: "
        + ", ".join(f"{n} {s}" for s, n in sorted(Counter(ended.values()).items()))
    )
    print(
        f"most copies in flight on staging at once: {sampler.most_copies} (limit {args.limit}); "
        f"most connections: {sampler.most_connections} (max_connections "
        f"{args.max_connections}); {sampler.samples} samples"
    )
    print(
        "task errors retried: " + (", ".join(f"{e} {n}" for e, n in errors.most_common()) or "none")
    )
    return 0 if set(ended.values()) == {"SUCCEEDED"} else 1


if __name__ == "__main__":
    raise SystemExit(main())
