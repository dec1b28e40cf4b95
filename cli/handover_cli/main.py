"""The `handover` command."""

from __future__ import annotations

import argparse
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
    with LocalStack(
        staging_uri=args.staging_uri,
        metadata_uri=args.metadata_uri,
        secondary_staging_uri=args.secondary_staging_uri,
        parameters=parameters,
        reference_schemas=Path(args.reference_schemas) if args.reference_schemas else None,
        lambda_timeout=args.lambda_timeout,
    ) as stack:
        server = Gateway(stack).serve(args.port)
        print(
            f"handover API on http://127.0.0.1:{args.port} (release {args.release}); Ctrl-C stops it",
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="handover", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    local = commands.add_parser("local", help="run the service offline (moto, in-process)")
    local_commands = local.add_subparsers(dest="local_command", required=True)

    serve = local_commands.add_parser("serve", help="serve the API, with the real state machine")
    serve.add_argument("--port", type=int, default=3000)
    serve.add_argument(
        "--staging-uri", required=True, help="mysql://user:pass@host:port/ of staging"
    )
    serve.add_argument("--secondary-staging-uri", default=None)
    serve.add_argument("--metadata-uri", required=True, help="mysql://user:pass@host:port/dbname")
    serve.add_argument("--release", type=int, required=True)
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

    from handover_cli.commands import add_commands
    from handover_cli.commands import run as run_client

    add_commands(commands)
    args = parser.parse_args(argv)
    if args.command != "local":
        return run_client(args)
    try:
        return int(args.run(args))
    except (RuntimeError, ValueError, HandoverError) as exc:
        print(f"handover: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
