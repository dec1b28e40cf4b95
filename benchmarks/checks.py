"""How long the critical datacheck suite takes on a big core database, against the I/O floor.

Builds (or reuses) a core database of >= 1M genes, 2M transcripts and 5M exons on a MariaDB
server, server-side (INSERT ... SELECT from a sequence), then times in one run:
- the floor the issue names: a bare SELECT COUNT(*) over every table the suite reads
  (on MyISAM the server answers it from table metadata, so it is near zero);
- a scan floor: one full read of each of those tables (SUM over a column with no index);
- the critical suite, as the check step runs it.
It prints each time and its ratio to the floors.

    .venv/bin/python benchmarks/checks.py                 # a throwaway server
    .venv/bin/python benchmarks/checks.py --uri mysql://root@127.0.0.1:3306/ --keep
"""

from __future__ import annotations

import sys  # noqa: I001
from pathlib import Path

# Run as a script: the project root on the path, for `benchmarks.*`.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


import argparse
import time
from contextlib import ExitStack

import pymysql

from benchmarks.corebuild import build_core  # noqa: E402
from handover.check.datachecks import registry, run_suite
from handover.check.datachecks.core import REQUIRED_TABLES
from handover.check.datachecks.framework import Context
from handover_cli.local.servers import MariaDBServer, connect

RELEASE = 115
# The tables the core suite reads: those it requires, and translation.
TABLES = (*REQUIRED_TABLES["core"], "translation")


def counts(conn: pymysql.connections.Connection, name: str) -> dict[str, int]:
    with conn.cursor() as cur:
        cur.execute(
            "SELECT TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s",
            (name,),
        )
        return {t: int(n or 0) for t, n in cur.fetchall()}


def timed(fn) -> float:  # noqa: ANN001
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--uri", help="an existing server (default: a throwaway one)")
    parser.add_argument("--genes", type=int, default=1_000_000)
    parser.add_argument("--engine", default="MyISAM", choices=("MyISAM", "InnoDB"))
    parser.add_argument("--keep", action="store_true", help="keep the database for the next run")
    args = parser.parse_args()
    name = f"bench_{args.engine.lower()}_{args.genes}_core_{RELEASE}_1"

    with ExitStack() as stack:
        uri = args.uri or stack.enter_context(MariaDBServer("bench-checks")).uri
        conn = connect(uri, read_timeout=3600)
        have = counts(conn, name)
        if have.get("exon", 0) < args.genes * 5 or have.get("gene", 0) < args.genes:
            print(f"building {name} ...", flush=True)
            build_core(conn, name, args.genes, engine=args.engine)
        else:
            print(f"reusing {name}")
        conn.select_db(name)
        rows = counts(conn, name)
        print(
            f"genes {rows['gene']:,}, transcripts {rows['transcript']:,}, exons {rows['exon']:,}, "
            f"exon_transcript {rows['exon_transcript']:,}"
        )

        def count_floor() -> None:
            with conn.cursor() as cur:
                for table in TABLES:
                    cur.execute(f"SELECT COUNT(*) FROM `{table}`")
                    cur.fetchall()

        def scan_floor() -> None:
            # One read of every row: a SUM over a column no index covers.
            with conn.cursor() as cur:
                for table in TABLES:
                    cur.execute(
                        f"SELECT SUM(CRC32(`{last_column(conn, name, table)}`)) FROM `{table}`"
                    )
                    cur.fetchall()

        critical = [c.name for c in registry.values() if c.critical and c.applies_to("core")]
        results: list = []

        def suite() -> None:
            results.extend(run_suite(conn, Context(name, "core", RELEASE), names=critical))

        floor_count, floor_scan, suite_seconds = timed(count_floor), timed(scan_floor), timed(suite)
        print(f"\n{'what':<44}{'seconds':>10}{'x COUNT(*)':>12}{'x scan':>10}")
        for label, seconds in [
            ("bare SELECT COUNT(*) per table (floor asked)", floor_count),
            ("full scan of every table (I/O floor)", floor_scan),
            (f"critical suite ({len(critical)} checks)", suite_seconds),
        ]:
            print(
                f"{label:<44}{seconds:>10.2f}{seconds / floor_count:>12.1f}{seconds / floor_scan:>10.2f}"
            )
        print("\nslowest checks:")
        for r in sorted(results, key=lambda r: -r.seconds)[:6]:
            print(
                f"  {r.name:<28}{r.seconds:>8.2f} s  {'passed' if r.passed else 'FAILED: ' + r.summary}"
            )
        failed = [r.summary for r in results if not r.passed]
        if failed:
            print("unexpected failures on a consistent database:", failed)
        if not args.keep and args.uri:
            conn.cursor().execute(f"DROP DATABASE `{name}`")


def last_column(conn: pymysql.connections.Connection, database: str, table: str) -> str:
    with conn.cursor() as cur:
        cur.execute(
            "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = %s AND TABLE_NAME = %s "
            "ORDER BY ORDINAL_POSITION DESC LIMIT 1",
            (database, table),
        )
        return cur.fetchone()[0]


if __name__ == "__main__":
    main()
