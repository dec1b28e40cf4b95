"""`handover local copy`: the operator's copy, killed at random points and resumed."""

import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid

from handover_cli.local.fixtures import create_core_database

from .conftest import RELEASE, leftovers, table_checksums


def command(source, staging, src_db, tgt_db, state) -> list[str]:
    src = source.uri.rstrip("/") + "/" + src_db
    tgt = staging.uri.rstrip("/") + "/" + tgt_db
    return [
        sys.executable,
        "-m",
        "handover_cli.main",
        "local",
        "copy",
        src,
        tgt,
        "--chunk-seconds",
        "0",
        "--batch-rows",
        "40",
        "--split-rows",
        "400",
        "--parallel",
        "3",
        "--state",
        str(state),
    ]


def progress(state) -> tuple[int, int]:
    """Rows copied and tables verified, as the copy's state file has them."""
    try:
        data = json.loads(state.read_text())
    except (OSError, ValueError):
        return 0, 0
    rows = sum(c["rows_copied"] for c in data.get("cursors", {}).values())
    return rows, len(data.get("verified", []))


def test_a_copy_killed_at_random_points_resumes_to_an_identical_database(source, staging, tmp_path):
    src_db = f"killme{uuid.uuid4().hex[:6]}_core_{RELEASE}_1"
    tgt_db = f"copied{uuid.uuid4().hex[:6]}_core_{RELEASE}_1"
    with source.connect() as conn:
        create_core_database(conn, src_db, release=RELEASE, genes_per_species=300)
    total = sum(
        count
        for (count,) in source.query(
            "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s", (src_db,)
        )
    )
    state = tmp_path / "state.json"
    rnd = random.Random(4)
    # Kill points by progress, not by time, so that each lands before the copy ends however
    # fast it runs: three at random fractions of the rows, one as soon as another table is
    # verified (tables are verified while other parts still copy).
    points = [*sorted(rnd.uniform(0.05, 0.9) for _ in range(3)), None]
    try:
        for point in points:
            _rows, verified_before = progress(state)
            process = subprocess.Popen(
                command(source, staging, src_db, tgt_db, state),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            deadline = time.monotonic() + 60
            while process.poll() is None and time.monotonic() < deadline:
                rows, verified = progress(state)
                if (rows >= point * total) if point is not None else verified > verified_before:
                    break
                time.sleep(0.005)
            assert process.poll() is None, process.communicate()[0].decode()
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
        finished = subprocess.run(
            command(source, staging, src_db, tgt_db, state),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert finished.returncode == 0, finished.stdout + finished.stderr
        assert "resuming" in finished.stdout
        assert f"published {tgt_db}" in finished.stdout
        assert table_checksums(staging, tgt_db) == table_checksums(source, src_db)
        assert not leftovers(staging) and not state.exists()
    finally:
        source.query(f"DROP DATABASE IF EXISTS `{src_db}`")
        staging.query(f"DROP DATABASE IF EXISTS `{tgt_db}`")


def test_the_copy_shows_progress_and_never_a_password(source, staging, tmp_path):
    src_db = f"shown{uuid.uuid4().hex[:6]}_core_{RELEASE}_1"
    with source.connect() as conn:
        create_core_database(conn, src_db, release=RELEASE, genes_per_species=10)
    staging.query("CREATE USER IF NOT EXISTS 'copier'@'%' IDENTIFIED BY 'Sekr1tPassw0rd'")
    staging.query("GRANT ALL ON *.* TO 'copier'@'%'")
    tgt = (
        staging.uri.replace("mysql://root@", "mysql://copier:Sekr1tPassw0rd@").rstrip("/")
        + "/shown_copy"
    )
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "handover_cli.main",
                "local",
                "copy",
                source.uri.rstrip("/") + "/" + src_db,
                tgt,
                "--state",
                str(tmp_path / "s.json"),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert "rows" in result.stdout and "MB/s" in result.stdout and "ETA" in result.stdout
        assert "published shown_copy" in result.stdout
        assert "Sekr1tPassw0rd" not in result.stdout + result.stderr
    finally:
        source.query(f"DROP DATABASE IF EXISTS `{src_db}`")
        staging.query("DROP DATABASE IF EXISTS shown_copy")
