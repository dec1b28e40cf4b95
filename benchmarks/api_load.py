"""Latency of the API under load, through the local stack (moto, template.yaml, the real API
function) and its HTTP gateway, with every submission's execution running alongside.

N handovers are submitted by C concurrent clients, then each one's status is read the same way.
The baseline, measured in the same run with the same clients, is GET /ping: the gateway and
the API function's routing, with no AWS call. Ratios are to its p50 and p99.

No MySQL server is needed: the handovers name a source nobody listens on, so each execution
runs its check, fails, records the failure and mails the contact, as a real one would.

    .venv/bin/python benchmarks/api_load.py                      # 200 handovers, 20 clients
    .venv/bin/python benchmarks/api_load.py --handovers 500 --clients 50
"""

from __future__ import annotations

import sys  # noqa: I001
from pathlib import Path

# Run as a script: the project root on the path, for `benchmarks.*`.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import argparse
import json
import statistics
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

from handover_cli.local.gateway import Gateway  # noqa: E402
from handover_cli.local.servers import free_port  # noqa: E402
from handover_cli.local.stack import LocalStack  # noqa: E402


def call(url: str, method: str = "GET", body: dict | None = None) -> tuple[int, dict, float]:
    """Status, JSON reply and seconds of one request."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            status, text = reply.status, reply.read()
    except urllib.error.HTTPError as exc:
        status, text = exc.code, exc.read()
    return status, json.loads(text or b"null"), time.perf_counter() - started


def timed_in_parallel(
    clients: int, work: Iterable[Callable[[], tuple[int, dict, float]]], expect: int
) -> tuple[list[float], list[dict]]:
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(lambda job: job(), work))
    wrong = [(status, reply) for status, reply, _ in results if status != expect]
    if wrong:
        raise SystemExit(f"{len(wrong)} requests did not get {expect}: {wrong[:3]}")
    return [seconds for _, _, seconds in results], [reply for _, reply, _ in results]


def percentiles(seconds: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return statistics.median(seconds) * 1000, cuts[98] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--handovers", type=int, default=200)
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args()

    nobody = f"mysql://root@127.0.0.1:{free_port()}/"  # nothing listens there
    with LocalStack(
        staging_uri=nobody,
        metadata_uri=nobody + "metadata",
        parameters={
            "Release": "115",
            "RetryIntervalSeconds": "1",
            "RetryMaxAttempts": "1",
            "LogLevel": "ERROR",
        },
    ) as stack:
        port = free_port()
        server = Gateway(stack).serve(port)
        api = f"http://127.0.0.1:{port}"
        try:
            n, clients = args.handovers, args.clients
            ping, _ = timed_in_parallel(clients, [lambda: call(api + "/ping")] * n, 200)
            contact = f"load-{uuid.uuid4().hex[:8]}@example.org"

            def submission(i: int) -> Callable[[], tuple[int, dict, float]]:
                body = {
                    "src_uri": f"{nobody}load{i:05d}_core_115_1",
                    "contact": contact,
                    "comment": "api load benchmark",
                }
                return lambda: call(api + "/handovers", "POST", body)

            submit, replies = timed_in_parallel(clients, [submission(i) for i in range(n)], 201)
            tokens = [reply["handover_token"] for reply in replies]
            status, _ = timed_in_parallel(
                clients, [lambda t=t: call(f"{api}/handovers/{t}") for t in tokens], 200
            )
            # Let every execution end before the stack goes away under it.
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline and any(
                call(f"{api}/handovers/{t}")[1]["status"] not in ("FAILED", "SUCCEEDED")
                for t in tokens
            ):
                time.sleep(1)
        finally:
            server.shutdown()

    base50, base99 = percentiles(ping)
    print(f"{n} requests per route, {clients} concurrent clients\n")
    print(f"{'route':<28}{'p50 ms':>9}{'p99 ms':>9}{'p50 x ping':>12}{'p99 x ping':>12}")
    for label, seconds in (
        ("GET /ping (baseline)", ping),
        ("POST /handovers", submit),
        ("GET /handovers/{token}", status),
    ):
        p50, p99 = percentiles(seconds)
        print(f"{label:<28}{p50:9.1f}{p99:9.1f}{p50 / base50:12.2f}{p99 / base99:12.2f}")


if __name__ == "__main__":
    main()
