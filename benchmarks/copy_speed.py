"""The copy engine against the tools production would otherwise use, in one run.

Builds (or reuses) an Ensembl-like core database of >= 2.5M rows and >= 400 MB, with a LONGTEXT
`dna` table, on a source server, and copies it to a second server with:
- `mariadb-dump --single-transaction --quick | mariadb`: the baseline;
- `mydumper`/`myloader` with 2 threads, when installed (Debian package mydumper);
- this engine (`handover local copy --parallel 2`, chunked, verified, published atomically);
- `INSERT ... SELECT` within the source server: the floor.
It prints each wall time, its ratio to the baseline, and the peak RSS of the client processes.

    .venv/bin/python benchmarks/copy_speed.py                    # two throwaway servers
    .venv/bin/python benchmarks/copy_speed.py --repeat 3         # medians of 3 interleaved rounds
    .venv/bin/python benchmarks/copy_speed.py --engine InnoDB     # every table InnoDB
    .venv/bin/python benchmarks/copy_speed.py --source-uri mysql://root@127.0.0.1:3306/ --keep
"""

from __future__ import annotations

import sys  # noqa: I001
from pathlib import Path

# Run as a script: the project root on the path, for `benchmarks.*`.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack

from benchmarks.corebuild import RELEASE, build_core  # noqa: E402
from handover_cli.local.servers import MariaDBServer, connect, find_binary, secret_for_uri  # noqa: E402


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, in kB."""
    total = 0
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
        stack.extend(children.get(current, []))
    return total


def measure(command: list[str] | str, *, shell: bool = False) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of the client processes of a command."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, shell=shell, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )  # noqa: S602
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_kb(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"{command!r} failed:\n{output.decode(errors='replace')[-2000:]}")
    return seconds, peak // 1024


def args_for(uri: str) -> list[str]:
    s = secret_for_uri(uri)
    out = [f"--host={s['host']}", f"--port={s['port']}", f"--user={s['username']}"]
    return out + ([f"--password={s['password']}"] if s["password"] else [])


def mydumper_login(uri: str) -> list[str]:
    """Host, port and user as mydumper and myloader take them."""
    s = secret_for_uri(uri)
    return ["-h", s["host"], "-P", str(s["port"]), "-u", s["username"]]


def sizes(uri: str, name: str) -> tuple[int, int]:
    with connect(uri) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT COALESCE(SUM(TABLE_ROWS), 0), COALESCE(SUM(DATA_LENGTH), 0) FROM information_schema.TABLES "
            "WHERE TABLE_SCHEMA = %s",
            (name,),
        )
        rows, data = cur.fetchone()
    return int(rows), int(data)


def fresh(uri: str, name: str) -> None:
    with connect(uri) as conn, conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS `{name}`")


def print_summary(results: list[tuple[str, float, int]], rounds: int) -> None:
    """Median wall time and median ratio (with the range over rounds) per approach."""
    labels = list(dict.fromkeys(label for label, _, _ in results))
    per_round = [results[i :: len(labels)] for i in range(len(labels))]
    baseline = next((runs for runs in per_round if runs[0][0].startswith("mariadb-dump")), None)
    print(f"\n{'approach':<48}{'wall s':>8}{'x dump|load':>13}{'range':>13}{'peak RSS MB':>13}")
    for runs in per_round:
        label = runs[0][0]
        seconds = statistics.median(s for _, s, _ in runs)
        ratios = [s / b for (_, s, _), (_, b, _) in zip(runs, baseline or [], strict=False)]
        ratio = f"{statistics.median(ratios):.2f}" if ratios else "-"
        spread = f"{min(ratios):.2f}-{max(ratios):.2f}" if len(ratios) > 1 else ""
        rss = max(r for _, _, r in runs)
        print(f"{label:<48}{seconds:>8.1f}{ratio:>13}{spread:>13}{rss:>13}")
    if rounds > 1:
        print(f"(medians over {rounds} rounds)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--source-uri", help="an existing source server (default: a throwaway one)")
    parser.add_argument("--target-uri", help="an existing target server (default: a throwaway one)")
    parser.add_argument("--genes", type=int, default=200_000, help="2 transcripts and 5 exons each")
    parser.add_argument("--dna-mb", type=int, default=400, help="MB of LONGTEXT dna")
    parser.add_argument("--parallel", type=int, default=2, help="parts the engine copies at once")
    parser.add_argument(
        "--engine", default="MyISAM", choices=["MyISAM", "InnoDB"], help="of every table"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the source database for the next run"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="rounds of every approach; medians are printed"
    )
    parser.add_argument(
        "--only", help="comma-separated approaches to run (dump,mydumper,engine,floor)"
    )
    args = parser.parse_args()
    engine = "" if args.engine == "MyISAM" else args.engine.lower()
    name = f"bench_copy{engine}_{args.genes}_{args.dna_mb}_core_{RELEASE}_1"
    wanted = set((args.only or "dump,mydumper,engine,floor").split(","))

    with ExitStack() as stack:
        source = args.source_uri or stack.enter_context(MariaDBServer("bench-source")).uri
        target = args.target_uri or stack.enter_context(MariaDBServer("bench-target")).uri
        rows, data = sizes(source, name)
        if rows < args.genes * 12:
            print(f"building {name} on the source ...", flush=True)
            with connect(source, read_timeout=3600) as conn:
                build_core(
                    conn,
                    name,
                    args.genes,
                    engine=args.engine,
                    dna_regions=args.dna_mb,
                    dna_length=1_000_000,
                )
            rows, data = sizes(source, name)
        print(f"source {name}: {rows:,} rows, {data / 1e6:,.0f} MB of data\n", flush=True)

        results: list[tuple[str, float, int]] = []

        def run(label: str, target_db: str, fn: Callable[[], tuple[float, int]]) -> None:
            fresh(target, target_db)
            seconds, rss = fn()
            results.append((label, seconds, rss))
            print(f"  {label:<46}{seconds:8.1f} s  {rss:6d} MB peak RSS", flush=True)
            fresh(target, target_db)

        src_args, tgt_args = args_for(source), args_for(target)
        # Rounds interleave the approaches, so that a slow spell of a shared machine
        # touches them alike; each round's ratio is to that round's baseline.
        for round_ in range(args.repeat):
            if args.repeat > 1:
                print(f"round {round_ + 1} of {args.repeat}", flush=True)
            if "dump" in wanted:

                def dump() -> tuple[float, int]:
                    with connect(target) as conn, conn.cursor() as cur:
                        cur.execute("CREATE DATABASE bench_dump")
                    pipeline = (
                        " ".join(
                            ["mariadb-dump", "--single-transaction", "--quick", *src_args, name]
                        )
                        + " | "
                        + " ".join(["mariadb", *tgt_args, "bench_dump"])
                    )
                    return measure(pipeline, shell=True)

                run("mariadb-dump --single-transaction --quick | mariadb", "bench_dump", dump)

            if "mydumper" in wanted and shutil.which("mydumper") and shutil.which("myloader"):

                def mydumper() -> tuple[float, int]:
                    with tempfile.TemporaryDirectory(prefix="bench-mydumper-") as out:
                        started = time.perf_counter()
                        d_seconds, d_rss = measure(
                            [
                                "mydumper",
                                *mydumper_login(source),
                                "-B",
                                name,
                                "-t",
                                "2",
                                "-o",
                                out,
                            ]
                        )
                        l_seconds, l_rss = measure(
                            [
                                "myloader",
                                *mydumper_login(target),
                                "-B",
                                "bench_mydumper",
                                "-s",
                                name,
                                "-t",
                                "2",
                                "-d",
                                out,
                            ]
                        )
                        return time.perf_counter() - started, max(d_rss, l_rss)

                run("mydumper | myloader, 2 threads", "bench_mydumper", mydumper)
            elif "mydumper" in wanted:
                print("  mydumper/myloader: not installed (apt-get install mydumper); skipped")

            if "engine" in wanted:

                def engine() -> tuple[float, int]:
                    state = Path(tempfile.mkdtemp(prefix="bench-engine-")) / "state.json"
                    return measure(
                        [
                            sys.executable,
                            "-m",
                            "handover_cli.main",
                            "local",
                            "copy",
                            source.rstrip("/") + "/" + name,
                            target.rstrip("/") + "/bench_engine",
                            "--parallel",
                            str(args.parallel),
                            "--chunk-seconds",
                            "60",
                            "--state",
                            str(state),
                        ]
                    )

                run(
                    f"this engine ({args.parallel} parallel parts, verified)",
                    "bench_engine",
                    engine,
                )

            if "floor" in wanted:

                def floor() -> tuple[float, int]:
                    with connect(source) as conn, conn.cursor() as cur:
                        cur.execute("DROP DATABASE IF EXISTS bench_floor")
                        cur.execute("CREATE DATABASE bench_floor")
                        cur.execute(
                            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s",
                            (name,),
                        )
                        tables = [r[0] for r in cur.fetchall()]
                        started = time.perf_counter()
                        for table in tables:
                            cur.execute(
                                f"CREATE TABLE bench_floor.`{table}` LIKE `{name}`.`{table}`"
                            )
                            cur.execute(
                                f"INSERT INTO bench_floor.`{table}` SELECT * FROM `{name}`.`{table}`"
                            )
                        seconds = time.perf_counter() - started
                        cur.execute("DROP DATABASE bench_floor")
                    return seconds, 0

                run("INSERT ... SELECT within one server (floor)", "bench_floor", floor)

        print_summary(results, args.repeat)
        if args.source_uri and not args.keep:
            fresh(source, name)
        if not find_binary("mariadb-dump"):
            print("(mariadb-dump not found)")


if __name__ == "__main__":
    main()
