"""Throwaway MariaDB servers for tests and the demo, and server URIs for the local secrets."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pymysql

INSTALL_HINT = "apt-get install -y mariadb-server"


def secret_for_uri(uri: str) -> dict[str, Any]:
    """A server URI given to the local stack (it may hold a password) as an RDS-shaped secret."""
    parts = urlsplit(uri)
    secret: dict[str, Any] = {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 3306,
        "username": unquote(parts.username or "root"),
        "password": unquote(parts.password or ""),
    }
    if parts.path.strip("/"):
        secret["dbname"] = parts.path.strip("/")
    return secret


def connect(
    uri: str, database: str | None = None, **options: object
) -> pymysql.connections.Connection:
    """A plain autocommit connection to the server a URI names (for tests, demo, benchmarks)."""
    s = secret_for_uri(uri)
    return pymysql.connect(
        host=s["host"],
        port=s["port"],
        user=s["username"],
        password=s["password"],
        database=database,
        autocommit=True,
        charset="utf8mb4",
        **options,
    )


def find_binary(name: str) -> str | None:
    return shutil.which(name) or next(
        (
            str(p)
            for d in ("/usr/sbin", "/usr/local/sbin", "/usr/bin")
            if (p := Path(d) / name).exists()
        ),
        None,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class MariaDBServer:
    """A private mariadbd on a free port with a temporary datadir; root has no password."""

    def __init__(self, name: str = "handover", options: list[str] | None = None) -> None:
        self.name = name
        self.options = list(options or [])  # more mariadbd options, e.g. --max-connections=20
        self.port = 0
        self.datadir: Path | None = None
        self._tmp: str | None = None
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def uri(self) -> str:
        return f"mysql://root@127.0.0.1:{self.port}/"

    def start(self) -> MariaDBServer:
        mariadbd, install_db = find_binary("mariadbd"), find_binary("mariadb-install-db")
        if not mariadbd or not install_db:
            raise RuntimeError(f"mariadbd is not installed; run: {INSTALL_HINT}")
        if self._tmp is None:
            self._tmp = tempfile.mkdtemp(prefix=f"{self.name}-mariadb-")
            self.datadir = Path(self._tmp) / "data"
            subprocess.run(
                [
                    install_db,
                    "--no-defaults",
                    f"--datadir={self.datadir}",
                    "--auth-root-authentication-method=normal",
                    "--skip-test-db",
                    *self._user_args(),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            self.port = free_port()
        self._launch(mariadbd)
        return self

    def _user_args(self) -> list[str]:
        return ["--user=root"] if os.geteuid() == 0 else []

    def _launch(self, mariadbd: str) -> None:
        assert self._tmp is not None
        log = open(Path(self._tmp) / "error.log", "ab")  # noqa: SIM115 - owned by the process
        self.process = subprocess.Popen(
            [
                mariadbd,
                "--no-defaults",
                f"--datadir={self.datadir}",
                f"--port={self.port}",
                "--bind-address=127.0.0.1",
                f"--socket={self._tmp}/mysqld.sock",
                f"--pid-file={self._tmp}/mysqld.pid",
                "--skip-log-bin",
                "--innodb-buffer-pool-size=256M",
                "--max-allowed-packet=256M",
                "--local-infile=1",
                "--innodb-flush-log-at-trx-commit=2",
                *self.options,
                *self._user_args(),
            ],
            stdout=log,
            stderr=log,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"mariadbd exited; see {self._tmp}/error.log")
            try:
                pymysql.connect(
                    host="127.0.0.1", port=self.port, user="root", connect_timeout=1
                ).close()
                return
            except pymysql.err.OperationalError:
                time.sleep(0.1)
        raise RuntimeError(f"mariadbd did not start in 60 s; see {self._tmp}/error.log")

    def stop_server(self) -> None:
        """Stop the server but keep its data, so that `restart()` brings it back."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self) -> None:
        mariadbd = find_binary("mariadbd")
        assert mariadbd is not None
        self.stop_server()
        self._launch(mariadbd)

    def stop(self) -> None:
        self.stop_server()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def __enter__(self) -> MariaDBServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
