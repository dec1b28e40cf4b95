"""The `handover` command."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading

from handover.errors import HandoverError


def _local_serve(args: argparse.Namespace) -> int:
    from pathlib import Path

    from handover_cli.local.gateway import Gateway
    from handover_cli.local.stack import LocalStack

    parameters = dict(p.split("=", 1) for p in args.parameter)
    parameters["Release"] = str(args.release)
    servers = contextlib.ExitStack()
    staging_uri, metadata_uri = args.staging_uri, args.metadata_uri
    reference = Path(args.reference_schemas) if args.reference_schemas else None
    if staging_uri is None:
        staging_uri, metadata_uri, sample = _throwaway_servers(servers, args.release)
        print(f"throwaway servers started; a database to hand over: {sample}", flush=True)
        if reference is None:  # the sample is built from these files: they are its reference
            from handover_cli.local import schemas

            reference = Path(schemas.__file__).resolve().parent
    credentials = {}
    if args.source_credentials:
        import json

        credentials = json.loads(Path(args.source_credentials).read_text())
    with (
        servers,
        LocalStack(
            staging_uri=staging_uri,
            source_credentials=credentials,
            metadata_uri=metadata_uri or staging_uri.rstrip("/") + "/handover_metadata",
            secondary_staging_uri=args.secondary_staging_uri,
            parameters=parameters,
            reference_schemas=reference,
            lambda_timeout=args.lambda_timeout,
        ) as stack,
    ):
        server = Gateway(stack).serve(args.port)
        web = f"http://127.0.0.1:{args.port}/web/"
        stack.serve_web_at(web)  # the emails' "Details" links open this page
        password = args.web_password or _local_password()
        stack.add_web_user(args.web_user, password)
        print(
            f"handover API on http://127.0.0.1:{args.port} (release {args.release}); Ctrl-C stops it\n"
            f"web page on {web}\n"
            f"  sign in as {args.web_user} with the password {password}\n"
            "  (a user of the local stack's Cognito user pool, which lives as long as this "
            "command)",
            flush=True,
        )
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
        server.shutdown()
    return 0


def _throwaway_servers(servers: contextlib.ExitStack, release: int) -> tuple[str, str, str]:
    """A throwaway staging server (which holds the metadata database too) and a source server
    with a core database to hand over: the URIs of staging and metadata, and the database's."""
    from handover_cli.local.fixtures import create_core_database
    from handover_cli.local.servers import MariaDBServer, connect

    staging = servers.enter_context(MariaDBServer("serve-staging")).uri
    source = servers.enter_context(MariaDBServer("serve-source")).uri
    database = f"homo_sapiens_core_{release}_38"
    with contextlib.closing(connect(source)) as conn:
        create_core_database(conn, database, release=release, genes_per_species=200)
    return staging, staging.rstrip("/") + "/handover_metadata", source.rstrip("/") + "/" + database


def _local_password() -> str:
    """A throwaway password that meets the user pool's policy."""
    import secrets

    return f"Local-{secrets.token_urlsafe(9)}-9a"


def _local_demo(args: argparse.Namespace) -> int:
    from handover_cli.local.demo import run_demo

    return run_demo(args.source_uri, args.staging_uri, args.release)


def _local_copy(args: argparse.Namespace) -> int:
    from pathlib import Path

    from handover_cli.local.copier import run

    return run(
        args.src_uri,
        args.tgt_uri,
        chunk_seconds=args.chunk_seconds,
        parallel=args.parallel,
        batch_rows=args.batch_rows,
        split_rows=args.split_rows,
        index_sort_mb=args.index_sort_mb,
        state_path=Path(args.state) if args.state else None,
    )


def _local_mail(args: argparse.Namespace) -> int:
    import json
    import urllib.request

    from handover_cli.local.gateway import LOCAL_MAIL_PATH

    with urllib.request.urlopen(args.api.rstrip("/") + LOCAL_MAIL_PATH, timeout=30) as reply:
        mail = json.loads(reply.read())
    if args.json:
        print(json.dumps(mail, indent=2))
        return 0
    for message in mail[-args.last :] if args.last else mail:
        print(f"From: {message['from']}\nTo: {', '.join(message['to'])}")
        print(f"Subject: {message['subject']}\n\n{message['body']}\n" + "-" * 72)
    if not mail:
        print("no mail sent yet")
    return 0


def _doctor(args: argparse.Namespace) -> int:
    import json
    import os
    import urllib.error
    import urllib.request

    from handover_cli import doctor
    from handover_cli.local.gateway import LOCAL_DOCTOR_PATH

    if args.stack_name:
        return doctor.report(doctor.run(doctor.stack_target(args.stack_name)), sys.stdout)
    api = args.api or os.environ.get("HANDOVER_API_URL")
    if not api:
        print("handover doctor: give --stack-name NAME or --api URL", file=sys.stderr)
        return 2
    try:  # the local stack runs its checks itself, in its own process
        with urllib.request.urlopen(api.rstrip("/") + LOCAL_DOCTOR_PATH, timeout=120) as reply:  # noqa: S310
            found = [doctor.Finding(**f) for f in json.loads(reply.read())]
    except (urllib.error.URLError, ValueError):
        print(
            "handover doctor: only the API can be checked from its URL; give --stack-name for "
            "the rest",
            file=sys.stderr,
        )
        target = doctor.Target({}, api, doctor.api_caller(api))
        found = doctor.run(target, [doctor.api_check])
    return doctor.report(found, sys.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="handover", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    local = commands.add_parser("local", help="run the service offline (moto, in-process)")
    local_commands = local.add_subparsers(dest="local_command", required=True)

    serve = local_commands.add_parser("serve", help="serve the API, with the real state machine")
    serve.add_argument("--port", type=int, default=3000)
    serve.add_argument(
        "--staging-uri",
        default=None,
        help="mysql://user:pass@host:port/ of staging (default: throwaway MariaDB servers for "
        "staging and a source, with a core database to hand over)",
    )
    serve.add_argument("--secondary-staging-uri", default=None)
    serve.add_argument(
        "--metadata-uri",
        default=None,
        help="mysql://user:pass@host:port/dbname (default: handover_metadata on staging)",
    )
    serve.add_argument("--release", type=int, default=115)
    serve.add_argument(
        "--lambda-timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="every function's Timeout (as Lambda enforces it): a small one stands in for a "
        "huge database on a small machine",
    )
    serve.add_argument(
        "--reference-schemas",
        default=None,
        metavar="DIR",
        help="the release's table.sql files as core.sql, variation.sql, funcgen.sql and "
        "compara.sql (uploaded to the local S3 as ReferenceSchemaUri)",
    )
    serve.add_argument(
        "--source-credentials",
        default=None,
        metavar="FILE",
        help='the sources\' secret, as JSON: {"host:port": {"username": ..., "password": ...}}',
    )
    serve.add_argument(
        "--web-user",
        default="you@example.org",
        metavar="EMAIL",
        help="the web page's user, created in the local user pool",
    )
    serve.add_argument(
        "--web-password", default=None, help="that user's password (default: a new one, printed)"
    )
    serve.add_argument(
        "--parameter",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a template.yaml parameter",
    )
    serve.set_defaults(run=_local_serve)

    demo = local_commands.add_parser("demo", help="run one whole handover offline and show it")
    demo.add_argument("--source-uri", default=None, help="default: a throwaway MariaDB")
    demo.add_argument("--staging-uri", default=None, help="default: a throwaway MariaDB")
    demo.add_argument("--release", type=int, default=115)
    demo.set_defaults(run=_local_demo)

    copy = local_commands.add_parser(
        "copy",
        help="copy a database by hand with the service's engine (resumable, verified, atomic)",
    )
    copy.add_argument(
        "src_uri", metavar="SRC_URI", help="mysql://user[:password]@host:port/database"
    )
    copy.add_argument(
        "tgt_uri", metavar="TGT_URI", help="mysql://user[:password]@host:port/database"
    )
    copy.add_argument(
        "--chunk-seconds", type=float, default=60, help="work per chunk before a checkpoint"
    )
    copy.add_argument("--parallel", type=int, default=2, help="parts copied at once")
    copy.add_argument("--batch-rows", type=int, default=1_000_000, help="most rows per chunk")
    copy.add_argument(
        "--split-rows", type=int, default=2_000_000, help="split tables bigger than this"
    )
    copy.add_argument(
        "--index-sort-mb",
        type=int,
        default=512,
        help="most MB one MyISAM/Aria index build may sort in on the target (0: its own setting)",
    )
    copy.add_argument("--state", help="checkpoint file (default: ~/.handover/copy-<hash>.json)")
    copy.set_defaults(run=_local_copy)

    mail = local_commands.add_parser(
        "mail", help="read the emails a running `handover local serve` has sent"
    )
    mail.add_argument("--api", default="http://127.0.0.1:3000", help="the local API's URL")
    mail.add_argument("--last", type=int, default=0, help="only the last N emails")
    mail.add_argument("--json", action="store_true", help="print JSON for scripts")
    mail.set_defaults(run=_local_mail)

    check = commands.add_parser(
        "doctor", help="check that a deployment, or the local stack, is ready for handovers"
    )
    where = check.add_mutually_exclusive_group()
    where.add_argument("--stack-name", help="a deployed stack (reads its parameters and outputs)")
    where.add_argument("--api", help="the local stack's URL (handover local serve)")
    check.set_defaults(run=_doctor)

    from handover_cli.commands import add_commands
    from handover_cli.commands import run as run_client

    add_commands(commands)
    args = parser.parse_args(argv)
    if args.command == "doctor":
        return _doctor(args)
    if args.command != "local":
        return run_client(args)
    try:
        return int(args.run(args))
    except (RuntimeError, ValueError, HandoverError) as exc:
        print(f"handover: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
