"""The `handover` client subcommands: submit, status, list, retry, delete, summary, watch,
checks.

Output is a table for people and `--json` for scripts; errors print the API's message.
`watch` and `submit --wait` exit 0 when the handover succeeded and 1 when it did not."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import IO, Any

from handover_cli.client import FINISHED, ApiError, HandoverClient

API_ENV = "HANDOVER_API_URL"


def add_commands(commands: Any) -> None:
    def common(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
        parser.add_argument("--api", default=None, help=f"the API's URL (default: ${API_ENV})")
        parser.add_argument("--json", action="store_true", help="print JSON for scripts")
        return parser

    submit = common(commands.add_parser("submit", help="hand databases over"))
    submit.add_argument("src_uri", nargs="?", metavar="SRC_URI", help="mysql://user@host:port/db")
    submit.add_argument("--from-file", help="a file of source URIs, one a line (# comments)")
    submit.add_argument("--contact", required=True, help="who is told how it ends")
    submit.add_argument("--comment", required=True, help="why it is handed over")
    submit.add_argument("--tgt-uri", help="where to copy it (default: staging, same name)")
    submit.add_argument("--wait", action="store_true", help="follow it to the end")
    submit.set_defaults(run=_submit)

    status = common(commands.add_parser("status", help="one handover's record"))
    status.add_argument("token", metavar="TOKEN")
    status.set_defaults(run=_status)

    listing = common(commands.add_parser("list", help="handovers, newest first"))
    listing.add_argument("--release", type=int)
    listing.add_argument("--contact")
    listing.add_argument(
        "--status", choices=["SUBMITTED", "CHECKING", "COPYING", "REGISTERING", *FINISHED]
    )
    listing.set_defaults(run=_list)

    retry = common(
        commands.add_parser("retry", help="restart a failed handover at the step that failed")
    )
    retry.add_argument("token", metavar="TOKEN")
    retry.add_argument("--wait", action="store_true", help="follow it to the end")
    retry.set_defaults(run=_retry)

    delete = common(commands.add_parser("delete", help="stop a handover and remove its copy"))
    delete.add_argument("token", metavar="TOKEN")
    delete.set_defaults(run=_delete)

    summary = common(
        commands.add_parser("summary", help="the latest handover of each of a contact's databases")
    )
    summary.add_argument("--contact", required=True)
    summary.add_argument("--release", type=int)
    summary.set_defaults(run=_summary)

    watch = common(commands.add_parser("watch", help="follow a handover until it ends"))
    watch.add_argument("token", metavar="TOKEN")
    watch.add_argument("--interval", type=float, default=2.0, help="seconds between polls")
    watch.set_defaults(run=_watch)

    checks = common(commands.add_parser("checks", help="the datachecks run on a handover"))
    checks.add_argument("token", metavar="TOKEN")
    checks.set_defaults(run=_checks)


def run(args: argparse.Namespace, out: IO[str] | None = None) -> int:
    out = out or sys.stdout  # looked up now: tests and pipes may have replaced it
    api = args.api or os.environ.get(API_ENV)
    if not api:
        print(f"handover: give the API's URL with --api or ${API_ENV}", file=sys.stderr)
        return 2
    try:
        return int(args.run(HandoverClient(api), args, out))
    except ApiError as exc:
        print(f"handover: {exc.message}", file=sys.stderr)
        return 1


# --- subcommands ---


def _submit(client: HandoverClient, args: argparse.Namespace, out: IO[str]) -> int:
    uris = [args.src_uri] if args.src_uri else []
    if args.from_file:
        with open(args.from_file, encoding="utf-8") as listing:
            uris += [line.strip() for line in listing if line.strip() and not line.startswith("#")]
    if not uris:
        print("handover: give SRC_URI or --from-file FILE", file=sys.stderr)
        return 2
    if not args.from_file:
        uris = uris[:1]  # one database: a refusal is an error like any other
        reply = client.submit(uris[0], args.contact, args.comment, args.tgt_uri)
        if not args.wait:
            out.write(
                json.dumps(reply, indent=2) + "\n"
                if args.json
                else f"{reply['handover_token']}  {reply['status']}  {uris[0]}\n"
            )
            return 0
        if not args.json:
            out.write(f"{reply['handover_token']}  {reply['status']}  {uris[0]}\n")
        job = _follow(client, reply["handover_token"], args, out)
        if args.json:
            out.write(json.dumps(job, indent=2) + "\n")
        return 0 if job["status"] == "SUCCEEDED" else 1
    results: list[dict[str, Any]] = []
    for uri in uris:
        try:
            reply = client.submit(uri, args.contact, args.comment, args.tgt_uri)
            results.append({"src_uri": uri, **reply})
        except ApiError as exc:  # one refusal must not stop a bulk handover
            results.append({"src_uri": uri, "error": exc.message, "http_status": exc.status})
    if args.json and not args.wait:
        out.write(json.dumps(results, indent=2) + "\n")
    elif not args.json:
        _table(
            out,
            ["src_uri", "token", "status"],
            [
                [r["src_uri"], r.get("handover_token", "-"), r.get("status") or r["error"]]
                for r in results
            ],
        )
    refused = sum("error" in r for r in results)
    if not args.wait:
        return 1 if refused else 0
    finals = [
        _follow(client, r["handover_token"], args, out) for r in results if "handover_token" in r
    ]
    if args.json:
        out.write(json.dumps(finals, indent=2) + "\n")
    return 0 if not refused and all(j["status"] == "SUCCEEDED" for j in finals) else 1


def _status(client: HandoverClient, args: argparse.Namespace, out: IO[str]) -> int:
    job = client.status(args.token)
    if args.json:
        out.write(json.dumps(job, indent=2) + "\n")
        return 0
    fields = [
        ("token", job["handover_token"]),
        ("database", job["database"]),
        ("status", job["status"]),
        ("progress", f"{job['progress_complete']}/{job['progress_total']}"),
        ("message", job["message"]),
        ("source", job["src_uri"]),
        ("target", job.get("tgt_uri") or "-"),
        ("contact", job["contact"]),
        ("submitted", job["submitted_at"]),
        ("updated", job["updated_at"]),
    ]
    if job.get("copy_progress"):
        fields.append(("copy", _copy_line(job["copy_progress"])))
    for event in job.get("events", []):
        fields.append(("event", f"{event['type']} {event.get('genome') or event['dbname']}"))
    width = max(len(name) for name, _ in fields)
    for name, value in fields:
        out.write(f"{name:<{width}}  {value}\n")
    for report in job.get("reports", []):
        out.write(
            f"  {report['time'][:19]}  {report['level']:<7} {report['step']:<8} {report['message']}\n"
        )
    return 0


def _list(client: HandoverClient, args: argparse.Namespace, out: IO[str]) -> int:
    jobs = list(client.jobs(release=args.release, contact=args.contact, status=args.status))
    return _jobs_out(jobs, args, out)


def _summary(client: HandoverClient, args: argparse.Namespace, out: IO[str]) -> int:
    jobs = client.summary(args.contact, args.release)
    if args.json:
        return _jobs_out(jobs, args, out)
    groups = {"success": "SUCCEEDED", "failed": "FAILED"}
    for title, status in groups.items():
        out.write(f"{title}:\n")
        for job in (j for j in jobs if j["status"] == status):
            out.write(f"  {job['database']:<48} {job['handover_token']}  {job['message']}\n")
    out.write("in progress:\n")
    for job in (j for j in jobs if j["status"] not in FINISHED):
        out.write(
            f"  {job['database']:<48} {job['handover_token']}  {job['status']}  {job['message']}\n"
        )
    return 0


def _retry(client: HandoverClient, args: argparse.Namespace, out: IO[str]) -> int:
    reply = client.retry(args.token)
    if args.json and not args.wait:
        out.write(json.dumps(reply, indent=2) + "\n")
        return 0
    out.write(
        f"{reply['handover_token']}  attempt {reply['attempt']}, from {reply['resume_from']}  "
        f"{reply['execution_arn']}\n"
    )
    if args.wait:
        job = _follow(client, reply["handover_token"], args, out)
        return 0 if job["status"] == "SUCCEEDED" else 1
    return 0


def _delete(client: HandoverClient, args: argparse.Namespace, out: IO[str]) -> int:
    reply = client.delete(args.token)
    if args.json:
        out.write(json.dumps(reply, indent=2) + "\n")
    else:
        stopped = "its execution was stopped" if reply.get("execution_stopped") else "it had ended"
        out.write(f"deleted {reply['handover_token']}: {stopped}. {reply.get('cleanup') or ''}\n")
    return 0


def _watch(client: HandoverClient, args: argparse.Namespace, out: IO[str]) -> int:
    job = _follow(client, args.token, args, out)
    if args.json:
        out.write(json.dumps(job, indent=2) + "\n")
    return 0 if job["status"] == "SUCCEEDED" else 1


def _checks(client: HandoverClient, args: argparse.Namespace, out: IO[str]) -> int:
    checks = client.checks(args.token)
    if args.json:
        out.write(json.dumps(checks, indent=2) + "\n")
        return 0
    rows = []
    for result in checks["results"]:
        outcome = "pass" if result["passed"] else ("FAIL" if result["critical"] else "warn")
        found = "; ".join(
            f"{f['problem']} ({f.get('count', 0)})" for f in result.get("findings", [])
        )
        rows.append(
            [
                result["name"],
                "critical" if result["critical"] else "advisory",
                outcome,
                found or result.get("error") or "",
            ]
        )
    _table(out, ["check", "kind", "result", "findings"], rows)
    return 0 if checks["passed"] else 1


# --- output ---


def _follow(
    client: HandoverClient, token: str, args: argparse.Namespace, out: IO[str]
) -> dict[str, Any]:
    """Print a line whenever the handover moves: step, progress, copy rows and MB/s."""
    last: dict[str, Any] = {}

    def show(job: dict[str, Any]) -> None:
        if args.json:
            return
        line = f"{job['handover_token'][:8]} {job['status']:<11} {job['progress_complete']}/{job['progress_total']}  {job['message']}"
        progress = job.get("copy_progress")
        if progress and job["status"] == "COPYING":
            now, copied = time.monotonic(), progress.get("bytes_copied", 0)
            rate = ""
            if last:
                seconds = now - last["time"]
                if seconds > 0:
                    rate = f", {(copied - last['bytes']) / seconds / 1e6:.1f} MB/s"
            last.update(time=now, bytes=copied)
            line += f"  [{_copy_line(progress)}{rate}]"
        out.write(line + "\n")
        out.flush()

    return client.watch(token, show, interval=getattr(args, "interval", 2.0))


def _copy_line(progress: dict[str, Any]) -> str:
    return (
        f"{progress.get('rows_copied', 0):,} rows, {progress.get('bytes_copied', 0) / 1e6:,.1f} MB, "
        f"parts {progress.get('parts_done', 0)}/{progress.get('parts_total') or '?'}, "
        f"tables verified {progress.get('tables_verified', 0)}/{progress.get('tables_total') or '?'}"
    )


def _jobs_out(jobs: list[dict[str, Any]], args: argparse.Namespace, out: IO[str]) -> int:
    if args.json:
        out.write(json.dumps(jobs, indent=2) + "\n")
        return 0
    _table(
        out,
        ["token", "database", "status", "progress", "submitted", "message"],
        [
            [
                j["handover_token"],
                j["database"],
                j["status"],
                f"{j['progress_complete']}/{j['progress_total']}",
                j["submitted_at"][:19],
                j["message"][:60],
            ]
            for j in jobs
        ],
    )
    return 0


def _table(out: IO[str], header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows, strict=False)]
    for row in [header, *rows]:
        out.write(
            "  ".join(f"{str(c):<{w}}" for c, w in zip(row, widths, strict=False)).rstrip() + "\n"
        )
