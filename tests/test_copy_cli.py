"""`handover local copy`: the operator's copy, killed at random points and resumed."""

import os
import random
import signal
import subprocess
import sys
import time
import uuid

from handover.local.fixtures import create_core_database

from .conftest import RELEASE, leftovers, table_checksums


def command(source, staging, src_db, tgt_db, state) -> list[str]:
    src = source.uri.rstrip("/") + "/" + src_db
    tgt = staging.uri.rstrip("/") + "/" + tgt_db
    return [
        sys.executable,
        "-m",
        "handover.cli",
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


def test_a_copy_killed_at_random_points_resumes_to_an_identical_database(source, staging, tmp_path):
    src_db = f"killme{uuid.uuid4().hex[:6]}_core_{RELEASE}_1"
    tgt_db = f"copied{uuid.uuid4().hex[:6]}_core_{RELEASE}_1"
    with source.connect() as conn:
        create_core_database(conn, src_db, release=RELEASE, genes_per_species=300)
    state = tmp_path / "state.json"
    rnd = random.Random(4)
    kills = 0
    try:
        for _ in range(4):
            process = subprocess.Popen(
                command(source, staging, src_db, tgt_db, state),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            deadline = time.monotonic() + 30
            while not state.exists() and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(rnd.uniform(0.1, 1.0))
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
                kills += 1
            process.wait()
        assert kills >= 2, "the copy finished before it could be killed; make it slower"
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
                "handover.cli",
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
