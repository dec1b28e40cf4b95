"""A whole handover under a 5-second Lambda timeout, against the template's own timeouts, in
one run (issue 15).

The database is the copy benchmark's (benchmarks/copy_speed.py: about 3M rows and 545 MB,
with 400 MB of dna) plus the parts no single statement may be trusted with: a 1M-row table
without any key, and four more secondary indexes on exon, the biggest table by rows. It is
handed over through the local stack (the real ASL and handlers, moto for AWS) twice a round:
with the functions' Timeouts from template.yaml, and with every Timeout at `--timeout`
seconds, as `handover local serve --lambda-timeout` sets them. Each handover must end
SUCCEEDED with every table's CHECKSUM TABLE equal on both servers.

It prints each handover's wall time, the ratio of the short-timeout handover to the default
one (median over rounds), how many invocations each took, how many timed out, and the
longest any invocation ran against its timeout.

    .venv/bin/python benchmarks/timeouts.py                       # two throwaway servers
    .venv/bin/python benchmarks/timeouts.py --repeat 3            # medians of 3 rounds
    .venv/bin/python benchmarks/timeouts.py --genes 20000 --dna-mb 40 --keyless-rows 100000
"""

from __future__ import annotations

import sys  # noqa: I001
from pathlib import Path

# Run as a script: the project root on the path, for `benchmarks.*`.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import argparse
import statistics
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass

from benchmarks.corebuild import RELEASE, build_core  # noqa: E402
from benchmarks.job_writes import hand_over as submit_and_wait  # noqa: E402
from handover_cli.local.gateway import Gateway  # noqa: E402
from handover_cli.local.servers import MariaDBServer, connect, free_port  # noqa: E402
from handover_cli.local.stack import LocalStack  # noqa: E402

EXTRA_EXON_INDEXES = (
    "ADD KEY bench_end (seq_region_end), ADD KEY bench_phase (phase, end_phase), "
    "ADD KEY bench_created (created_date), ADD KEY bench_current (is_current, seq_region_id)"
)


def build(source_uri: str, name: str, genes: int, dna_mb: int, keyless_rows: int) -> None:
    with connect(source_uri) as conn:
        build_core(conn, name, genes, dna_regions=dna_mb, dna_length=1_000_000)
        with conn.cursor() as cur:
            cur.execute(f"USE `{name}`")
            cur.execute(f"ALTER TABLE exon {EXTRA_EXON_INDEXES}")
            cur.execute(
                "CREATE TABLE unkeyed_feature (seq_region_id INT UNSIGNED NOT NULL, "
                "seq_region_start INT UNSIGNED NOT NULL, score DOUBLE, label VARCHAR(40)) "
                "ENGINE=MyISAM DEFAULT CHARSET=latin1"
            )
            cur.execute(
                "INSERT INTO unkeyed_feature SELECT seq % 1000 + 1, seq, seq / 7, "
                f"CONCAT('feature_', seq) FROM seq_1_to_{keyless_rows}"
            )


def write_reference(source_uri: str, name: str, directory: Path) -> None:
    """The database's own schema as the release's core.sql: the benchmark's extra table and
    indexes are the release's here, so SchemaMatchesReference passes."""
    with connect(source_uri) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s "
            "ORDER BY TABLE_NAME",
            (name,),
        )
        tables = [row[0] for row in cur.fetchall()]
        statements = []
        for table in tables:
            cur.execute(f"SHOW CREATE TABLE `{name}`.`{table}`")
            statements.append(cur.fetchone()[1] + ";")
    (directory / "core.sql").write_text("\n\n".join(statements) + "\n")


def checksums(uri: str, name: str) -> dict[str, int]:
    with connect(uri) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s", (name,)
        )
        tables = sorted(row[0] for row in cur.fetchall())
        result = {}
        for table in tables:
            cur.execute(f"CHECKSUM TABLE `{name}`.`{table}` EXTENDED")
            result[table] = int(cur.fetchone()[1] or 0)
    return result


@dataclass
class Handover:
    timeout: str
    status: str
    seconds: float
    invocations: int
    timed_out: int
    worst_overrun: float  # seconds past its timeout, of the invocation that ran longest past it
    worst_share: float  # the longest invocation's run time over its timeout
    timed_out_kinds: str = ""  # which invocations timed out, and how long they ran on


def hand_over(
    source_uri: str,
    staging_uri: str,
    name: str,
    references: Path,
    timeout: float | None,
    verbose: bool = False,
    parameters: dict[str, str] | None = None,
) -> Handover:
    parameters = parameters or {}
    metadata = f"handover_metadata_{uuid.uuid4().hex[:6]}"
    with LocalStack(
        staging_uri=staging_uri,
        metadata_uri=staging_uri.rstrip("/") + "/" + metadata,
        parameters={"Release": str(RELEASE), "LogLevel": "WARNING", **parameters},
        reference_schemas=references,
        lambda_timeout=timeout,
    ) as stack:
        port = free_port()
        server = Gateway(stack).serve(port)
        api = f"http://127.0.0.1:{port}"
        started = time.monotonic()
        # Polled each second: the API reads every checkpoint, so seldom, as a user would.
        comment = f"timeouts {uuid.uuid4().hex[:6]}"
        job = submit_and_wait(api, f"{source_uri.rstrip('/')}/{name}", comment, poll_seconds=1)
        seconds = time.monotonic() - started
        server.shutdown()
        limits = {fn.logical_id: fn.timeout for fn in stack.functions.values()}
        runs = [(i.seconds, limits[i.logical_id], i.timed_out) for i in stack.invocations]
        if verbose:
            for i in stack.invocations:
                if i.timed_out:
                    print(
                        f"--- {i.logical_id} {i.action} timed out; ran {i.seconds:.1f} s\n"
                        f"{i.stack_at_timeout}"
                    )
        kinds = Counter(
            f"{i.logical_id.removesuffix('Function')} {i.action}".strip()
            for i in stack.invocations
            if i.timed_out
        )
    if job["status"] != "SUCCEEDED":
        raise SystemExit(
            f"the handover at timeout {timeout} ended {job['status']}: {job['message']}"
        )
    with connect(staging_uri) as conn, conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS `{metadata}`")
    return Handover(
        timeout=f"{timeout:g} s" if timeout else "template's",
        status=job["status"],
        seconds=seconds,
        invocations=len(runs),
        timed_out=sum(out for _s, _l, out in runs),
        worst_overrun=max(s - limit for s, limit, _out in runs),
        worst_share=max(s / limit for s, limit, _out in runs),
        timed_out_kinds=", ".join(f"{kind} x{n}" for kind, n in kinds.most_common()),
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--genes", type=int, default=200_000, help="2 transcripts and 5 exons each")
    parser.add_argument("--dna-mb", type=int, default=400, help="contigs of 1 MB of dna")
    parser.add_argument("--keyless-rows", type=int, default=1_000_000)
    parser.add_argument("--timeout", type=float, default=5.0, help="every function's Timeout")
    parser.add_argument("--repeat", type=int, default=1, help="rounds, each both handovers")
    parser.add_argument(
        "--verbose", action="store_true", help="print where each timed-out invocation was"
    )
    parser.add_argument(
        "--parameter",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a template parameter for both handovers, e.g. CopyMaxConcurrency=2",
    )
    args = parser.parse_args()

    name = f"bench_timeouts_core_{RELEASE}_1"
    with (
        MariaDBServer("bench-source") as source,
        MariaDBServer("bench-staging") as staging,
        tempfile.TemporaryDirectory() as references,
    ):
        began = time.monotonic()
        build(source.uri, name, args.genes, args.dna_mb, args.keyless_rows)
        write_reference(source.uri, name, Path(references))
        with connect(source.uri) as conn, conn.cursor() as cur:
            cur.execute(
                "SELECT SUM(TABLE_ROWS), SUM(DATA_LENGTH + INDEX_LENGTH) FROM "
                "information_schema.TABLES WHERE TABLE_SCHEMA = %s",
                (name,),
            )
            rows, size = cur.fetchone()
        print(
            f"built {name}: {int(rows):,} rows, {int(size) / 1e6:.0f} MB in {time.monotonic() - began:.0f} s"
        )
        expected = checksums(source.uri, name)
        results: list[tuple[Handover, Handover]] = []
        for round_ in range(1, args.repeat + 1):
            pair = []
            for timeout in (None, args.timeout):
                result = hand_over(
                    source.uri,
                    staging.uri,
                    name,
                    Path(references),
                    timeout,
                    args.verbose,
                    dict(p.split("=", 1) for p in args.parameter),
                )
                if checksums(staging.uri, name) != expected:
                    raise SystemExit(f"round {round_}: the copy differs from the source")
                with connect(staging.uri) as conn, conn.cursor() as cur:
                    cur.execute(f"DROP DATABASE `{name}`")
                pair.append(result)
                print(
                    f"round {round_}, timeout {result.timeout}: {result.status} in "
                    f"{result.seconds:.1f} s, {result.invocations} invocations, "
                    f"{result.timed_out} timed out, longest {result.worst_share:.2f}x its "
                    f"timeout (worst overrun {result.worst_overrun:+.2f} s); checksums identical"
                    + (f"; timed out: {result.timed_out_kinds}" if result.timed_out else ""),
                    flush=True,
                )
            results.append((pair[0], pair[1]))
    ratios = [short.seconds / default.seconds for default, short in results]
    print(
        f"\n{args.timeout:g}-second timeout against the template's: "
        f"{statistics.median(ratios):.2f}x (median of {len(ratios)}; "
        f"{', '.join(f'{r:.2f}' for r in ratios)}); goal <= 1.3x"
    )
    overrun = max(short.worst_overrun for _d, short in results)
    print(
        f"worst overrun of an invocation at {args.timeout:g} s: {overrun:+.2f} s (goal: < 1 s); "
        f"timed out: {sum(short.timed_out for _d, short in results)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
