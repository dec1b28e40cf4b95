"""The job table in DynamoDB: one item per handover, plus one in-flight guard per database.

Items:
- a job: pk = the handover token; it carries `release` and `submitted_at`, so it appears in
  the `by_release` index that lists a release newest first;
- a guard: pk = "inflight#<database>", holding the token of the unfinished handover. It is
  created with the job in one transaction and removed with the job's last status change,
  so two concurrent submissions of one database cannot both win.
"""

from __future__ import annotations

import base64
import binascii
import json
from decimal import Decimal
from typing import Any

import boto3
from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from handover.errors import HandoverCancelled, HandoverInFlight, InvalidRequest
from handover.models import Job, JobPage, JobStatus, Report, utc_now

RELEASE_INDEX = "by_release"
_FINISHED = [s.value for s in JobStatus if s.finished]


def inflight_key(database: str) -> str:
    return f"inflight#{database}"


def _plain(value: Any) -> Any:
    """DynamoDB gives numbers back as Decimal; the models want int or float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _dynamo(value: Any) -> Any:
    return json.loads(json.dumps(value), parse_float=Decimal)


def _condition_failed(exc: ClientError) -> bool:
    """True when DynamoDB refused a write because its condition did not hold."""
    return exc.response["Error"]["Code"] == "ConditionalCheckFailedException"


def _report(level: str, step: str, message: str) -> dict[str, str]:
    return Report(time=utc_now(), level=level, step=step, message=message).model_dump()


class JobStore:
    def __init__(self, table_name: str, client: Any = None) -> None:
        # A session of its own: the default session is shared, and sessions are not thread-safe.
        self.table = (
            boto3.session.Session().resource("dynamodb").Table(table_name)
            if client is None
            else client
        )
        self.name = table_name

    # --- reading ---

    def get(self, token: str) -> Job | None:
        item = self.table.get_item(Key={"pk": token}, ConsistentRead=True).get("Item")
        if item is None or "handover_token" not in item or item["pk"] != token:
            return None
        return _job(item)

    def checks(self, token: str) -> list[dict[str, Any]] | None:
        """The datacheck results stored with a job; None when there is no such job."""
        item = self.table.get_item(
            Key={"pk": token}, ConsistentRead=True, ProjectionExpression="handover_token, checks"
        ).get("Item")
        if item is None or "handover_token" not in item:
            return None
        return _plain(item.get("checks", []))

    def require(self, token: str) -> Job:
        job = self.get(token)
        if job is None:
            raise HandoverCancelled(f"handover {token} no longer exists (deleted)")
        return job

    def list(
        self,
        release: int,
        *,
        contact: str | None = None,
        status: str | None = None,
        limit: int = 50,
        next_token: str | None = None,
    ) -> JobPage:
        query: dict[str, Any] = {
            "IndexName": RELEASE_INDEX,
            "KeyConditionExpression": Key("release").eq(release),
            "ScanIndexForward": False,
            "Limit": limit,
        }
        filters = []
        if contact:
            filters.append(Attr("contact").eq(contact))
        if status:
            filters.append(Attr("status").eq(status))
        if filters:
            combined = filters[0]
            for extra in filters[1:]:
                combined = combined & extra
            query["FilterExpression"] = combined
        if next_token:
            query["ExclusiveStartKey"] = _decode_page_token(next_token)
        items: list[Job] = []
        # A filter can empty a page; keep reading so a non-empty page or the end comes back.
        while True:
            page = self.table.query(**query)
            items.extend(_job(i) for i in page.get("Items", []))
            last = page.get("LastEvaluatedKey")
            if last is None or len(items) >= limit:
                break
            query["ExclusiveStartKey"] = last
            query["Limit"] = limit - len(items)
        return JobPage(items=items, next_token=_encode_page_token(last) if last else None)

    # --- writing ---

    def create(self, job: Job) -> None:
        """Record a new job and take its database's in-flight guard, or raise HandoverInFlight."""
        for attempt in range(2):
            try:
                self._put_with_guard(job)
                return
            except ClientError as exc:
                if exc.response["Error"]["Code"] != "TransactionCanceledException":
                    raise
            holder = self.table.get_item(
                Key={"pk": inflight_key(job.database)}, ConsistentRead=True
            ).get("Item")
            if holder is None:
                continue  # released in the meantime
            held_by = self.get(str(holder["handover_token"]))
            if (held_by is not None and not held_by.status.finished) or attempt == 1:
                raise HandoverInFlight(job.database, str(holder["handover_token"]))
            # The guard outlived its job (a crash between steps): remove it and try once more.
            self._release_guard(job.database, str(holder["handover_token"]))

    def _put_with_guard(self, job: Job) -> None:
        item = _dynamo({"pk": job.handover_token, **job.model_dump(mode="json", exclude_none=True)})
        client = self.table.meta.client
        client.transact_write_items(
            TransactItems=[
                {
                    "Put": {
                        "TableName": self.name,
                        "Item": {
                            "pk": inflight_key(job.database),
                            "handover_token": job.handover_token,
                        },
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
                {
                    "Put": {
                        "TableName": self.name,
                        "Item": item,
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
            ]
        )

    def _release_guard(self, database: str, token: str) -> None:
        try:
            self.table.delete_item(
                Key={"pk": inflight_key(database)},
                ConditionExpression=Attr("handover_token").eq(token),
            )
        except ClientError as exc:
            if not _condition_failed(exc):
                raise

    def update(
        self,
        token: str,
        *,
        step: str,
        message: str,
        status: JobStatus | None = None,
        progress_complete: int | None = None,
        level: str = "INFO",
        report: bool = True,
        **fields: Any,
    ) -> None:
        """Change an unfinished job; raise HandoverCancelled when it was deleted or closed."""
        values: dict[str, Any] = {
            ":now": utc_now(),
            ":msg": message,
            **{f":f_{k}": v for k, v in fields.items()},
        }
        sets = ["updated_at = :now", "message = :msg", *[f"#f_{k} = :f_{k}" for k in fields]]
        names: dict[str, str] = {"#status": "status", **{f"#f_{k}": k for k in fields}}
        if status is not None:
            sets.append("#status = :status")
            values[":status"] = status.value
        if progress_complete is not None:
            sets.append("progress_complete = :progress")
            values[":progress"] = progress_complete
        if report:
            sets.append("reports = list_append(if_not_exists(reports, :empty), :report)")
            values[":empty"] = []
            values[":report"] = [_report(level, step, message)]
        values.update({f":done{i}": s for i, s in enumerate(_FINISHED)})
        try:
            self.table.update_item(
                Key={"pk": token},
                UpdateExpression="SET " + ", ".join(sets),
                ConditionExpression="attribute_exists(handover_token) AND NOT #status IN ("
                + ", ".join(f":done{i}" for i in range(len(_FINISHED)))
                + ")",
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=_dynamo(values),
            )
        except ClientError as exc:
            if _condition_failed(exc):
                raise HandoverCancelled(
                    f"handover {token} was deleted or has already ended"
                ) from None
            raise

    def finish(
        self,
        token: str,
        status: JobStatus,
        *,
        step: str,
        message: str,
        progress_complete: int | None = None,
        **fields: Any,
    ) -> bool:
        """Close a job and release its database's guard; False when it was already closed."""
        job = self.get(token)
        if job is None or job.status.finished:
            return False
        level = "ERROR" if status is JobStatus.FAILED else "INFO"
        try:
            self.update(
                token,
                step=step,
                message=message,
                status=status,
                progress_complete=progress_complete,
                level=level,
                **fields,
            )
        except HandoverCancelled:
            return False
        self._release_guard(job.database, token)
        return True

    def checkpoint(self, token: str, part: str, cursor: dict[str, Any]) -> None:
        """Save a copy part's cursor; raise HandoverCancelled when the job was deleted or closed."""
        try:
            self.table.update_item(
                Key={"pk": token},
                UpdateExpression="SET copy_checkpoints.#part = :cursor, updated_at = :now",
                ConditionExpression="attribute_exists(copy_checkpoints) AND #status = :copying",
                ExpressionAttributeNames={"#part": part, "#status": "status"},
                ExpressionAttributeValues=_dynamo(
                    {":cursor": cursor, ":now": utc_now(), ":copying": JobStatus.COPYING.value}
                ),
            )
        except ClientError as exc:
            if _condition_failed(exc):
                raise HandoverCancelled(
                    f"handover {token} was deleted or is no longer copying"
                ) from None
            raise

    def copy_checkpoint(self, token: str, part: str) -> dict[str, Any] | None:
        item = self.table.get_item(
            Key={"pk": token},
            ConsistentRead=True,
            ProjectionExpression="copy_checkpoints.#part",
            ExpressionAttributeNames={"#part": part},
        ).get("Item")
        return _plain(item.get("copy_checkpoints", {}).get(part)) if item else None

    def copy_checkpoints(self, token: str) -> dict[str, dict[str, Any]]:
        """Every part's cursor, by part id."""
        item = self.table.get_item(
            Key={"pk": token}, ConsistentRead=True, ProjectionExpression="copy_checkpoints"
        ).get("Item")
        return _plain(item.get("copy_checkpoints", {})) if item else {}

    def table_verified(self, token: str, table: str) -> None:
        """Record a table as copied and verified (a set: a retry adds nothing)."""
        self.table.update_item(
            Key={"pk": token},
            UpdateExpression="ADD copy_verified :table SET updated_at = :now",
            ConditionExpression="attribute_exists(handover_token)",
            ExpressionAttributeValues={":table": {table}, ":now": utc_now()},
        )

    def note(self, token: str, *, step: str, message: str, level: str = "INFO") -> None:
        """Add a report to a job, finished or not (e.g. a cleanup that succeeded on retry)."""
        try:
            self.table.update_item(
                Key={"pk": token},
                UpdateExpression="SET reports = list_append(if_not_exists(reports, :empty), :report)",
                ConditionExpression="attribute_exists(handover_token)",
                ExpressionAttributeValues={
                    ":empty": [],
                    ":report": [_report(level, step, message)],
                },
            )
        except ClientError as exc:
            if not _condition_failed(exc):
                raise

    def delete(self, token: str) -> None:
        job = self.get(token)
        if job is None:
            return
        self.table.delete_item(Key={"pk": token})
        self._release_guard(job.database, token)


def _job(item: dict[str, Any]) -> Job:
    """The job as the API shows it: the copy's per-part checkpoints summed into progress."""
    item = _plain(item)
    checkpoints = item.pop("copy_checkpoints", None)
    verified = item.pop("copy_verified", None) or []
    if checkpoints is not None:
        cursors = list(checkpoints.values())
        item["copy_progress"] = {
            "rows_copied": sum(c.get("rows_copied", 0) for c in cursors),
            "bytes_copied": sum(c.get("bytes_copied", 0) for c in cursors),
            "chunks": sum(c.get("chunks", 0) for c in cursors),
            "invocations": sum(c.get("invocations", 0) for c in cursors),
            "parts_done": sum(bool(c.get("done")) for c in cursors),
            "parts_total": item.pop("copy_parts_total", len(cursors)),
            "tables_verified": len(verified),
            "tables_total": item.pop("copy_tables_total", None),
        }
    return Job.model_validate(item)


def _encode_page_token(key: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(_plain(key)).encode()).decode()


def _decode_page_token(token: str) -> dict[str, Any]:
    try:
        key = json.loads(base64.urlsafe_b64decode(token.encode()))
        if not isinstance(key, dict) or set(key) != {"pk", "release", "submitted_at"}:
            raise ValueError
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidRequest(
            "next_token", "next_token is not one this API gave out; start again without it"
        ) from None
    return _dynamo(key)
