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
from typing import TYPE_CHECKING, Any, Unpack

import boto3
from boto3.dynamodb.conditions import Attr, ConditionBase, Key
from botocore.exceptions import ClientError
from pydantic import TypeAdapter

from handover.errors import HandoverCancelled, HandoverInFlight, InvalidRequest
from handover.models.api import JobPage
from handover.models.checks import CheckCursor, CheckResult
from handover.models.job import Job, JobChanges, JobRecord, JobStatus, Report, utc_now
from handover.models.workflow import CopyCursor, CopyPlan

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.service_resource import Table
    from mypy_boto3_dynamodb.type_defs import TransactWriteItemTypeDef

RELEASE_INDEX = "by_release"
_CHANGES: TypeAdapter[JobChanges] = TypeAdapter(JobChanges)
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
    def __init__(self, table_name: str) -> None:
        # A session of its own: the default session is shared, and sessions are not thread-safe.
        self.table: Table = boto3.session.Session().resource("dynamodb").Table(table_name)
        self.name = table_name

    # --- reading ---

    def record(self, token: str, *, progress: bool = False) -> JobRecord | None:
        """The job as stored; with `progress`, its copy's checkpoints too (a read of every
        part's cursor, which only the API's view of one job needs)."""
        item = self.table.get_item(Key={"pk": token}, ConsistentRead=True).get("Item")
        if item is None or "handover_token" not in item or item["pk"] != token:
            return None
        record = JobRecord.model_validate(_plain(item))
        if progress and record.copy_parts:
            cursors = self.copy_checkpoints(token, record.copy_parts)
            record.copy_checkpoints = {c.part.id: c for c in cursors}
        return record

    def get(self, token: str, *, progress: bool = False) -> Job | None:
        """The job as the API shows it; its copy progress only when asked for."""
        record = self.record(token, progress=progress)
        return record.view() if record is not None else None

    def checks(self, token: str) -> list[CheckResult] | None:
        """The datacheck results stored with a job; None when there is no such job."""
        item = self.table.get_item(
            Key={"pk": token}, ConsistentRead=True, ProjectionExpression="handover_token, checks"
        ).get("Item")
        if item is None or "handover_token" not in item:
            return None
        return [CheckResult.model_validate(c) for c in _plain(item.get("checks", []))]

    def in_flight(self, database: str) -> str | None:
        """The token of the unfinished handover of `database`, if there is one."""
        holder = self.table.get_item(Key={"pk": inflight_key(database)}, ConsistentRead=True).get(
            "Item"
        )
        if holder is None:
            return None
        job = self.get(str(holder["handover_token"]))
        return job.handover_token if job is not None and not job.status.finished else None

    def require(self, token: str) -> Job:
        job = self.get(token)
        if job is None:
            raise HandoverCancelled(f"handover {token} no longer exists (deleted)")
        return job

    def list_release(
        self,
        release: int,
        *,
        contact: str | None = None,
        status: str | None = None,
        db_type: str | None = None,
        limit: int = 50,
        next_token: str | None = None,
    ) -> JobPage:
        query: dict[str, Any] = {
            "IndexName": RELEASE_INDEX,
            "KeyConditionExpression": Key("release").eq(release),
            "ScanIndexForward": False,
            "Limit": limit,
        }
        filters: list[ConditionBase] = []
        if contact:
            filters.append(Attr("contact").eq(contact))
        if status:
            filters.append(Attr("status").eq(status))
        if db_type:
            filters.append(Attr("db_type").eq(db_type))
        if filters:
            combined: ConditionBase = filters[0]
            for extra in filters[1:]:
                combined = combined & extra
            query["FilterExpression"] = combined
        if next_token:
            query["ExclusiveStartKey"] = _decode_page_token(next_token)
        items: list[Job] = []
        # A filter can empty a page; keep reading so a non-empty page or the end comes back.
        while True:
            page = self.table.query(**query)
            items.extend(JobRecord.model_validate(_plain(i)).view() for i in page.get("Items", []))
            last = page.get("LastEvaluatedKey")
            if last is None or len(items) >= limit:
                break
            query["ExclusiveStartKey"] = last
            query["Limit"] = limit - len(items)
        return JobPage(items=items, next_token=_encode_page_token(last) if last else None)

    def unfinished(self, release: int) -> list[Job]:
        """Every job of `release` still in flight (for the sweep's reconciliation)."""
        found: list[Job] = []
        for status in (s for s in JobStatus if not s.finished):
            next_token: str | None = None
            while True:
                page = self.list_release(
                    release, status=status.value, limit=200, next_token=next_token
                )
                found.extend(page.items)
                next_token = page.next_token
                if not next_token:
                    break
        return found

    # --- writing ---

    def create(self, job: JobRecord) -> None:
        """Record a new job and take its database's in-flight guard, or raise HandoverInFlight."""
        for attempt in range(2):
            try:
                self._put_with_guard(job)
                return
            except ClientError as exc:
                if exc.response["Error"]["Code"] != "TransactionCanceledException":
                    raise
            holder = self._guard_holder(job.database)
            if holder is None:
                continue  # released in the meantime
            held_by = self.get(holder)
            if (held_by is not None and not held_by.status.finished) or attempt == 1:
                raise HandoverInFlight(job.database, holder)
            # The guard outlived its job (a crash between steps): remove it and try once more.
            self._release_guard(job.database, holder)

    def _put_with_guard(self, job: JobRecord) -> None:
        stored = job.model_dump(mode="json", exclude_none=True, exclude={"copy_verified"})
        item = _dynamo({"pk": job.handover_token, **stored})
        client = self.table.meta.client
        client.transact_write_items(
            TransactItems=[
                self._take_guard(job),
                {
                    "Put": {
                        "TableName": self.name,
                        "Item": item,
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
            ]
        )

    def reopen(self, job: JobRecord, *, attempt: int, execution_arn: str, message: str) -> None:
        """Put a FAILED job back in flight for a retry: take its database's in-flight guard
        again, in one transaction with the job's change, or raise HandoverInFlight (another
        handover of the database, or a retry of this one, got there first).

        The job names its new execution at once: the event of the failed one's end may still
        be on its way, and must not be taken for the new attempt's (see reconcile)."""
        report = _report("INFO", "retry", message)
        try:
            self.table.meta.client.transact_write_items(
                TransactItems=[
                    self._take_guard(job),
                    {
                        "Update": {
                            "TableName": self.name,
                            "Key": {"pk": job.handover_token},
                            "UpdateExpression": "SET #status = :submitted, attempt = :attempt, "
                            "execution_arn = :arn, "
                            "message = :msg, updated_at = :now, reports = list_append("
                            "if_not_exists(reports, :empty), :report) "
                            "REMOVE failed_step, error_type",
                            "ConditionExpression": "#status = :failed",
                            "ExpressionAttributeNames": {"#status": "status"},
                            "ExpressionAttributeValues": {
                                ":submitted": JobStatus.SUBMITTED.value,
                                ":failed": JobStatus.FAILED.value,
                                ":attempt": attempt,
                                ":arn": execution_arn,
                                ":msg": message,
                                ":now": utc_now(),
                                ":empty": [],
                                ":report": [report],
                            },
                        }
                    },
                ]
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "TransactionCanceledException":
                raise
            holder = self._guard_holder(job.database)
            raise HandoverInFlight(job.database, holder or job.handover_token) from None

    # The copy's plan (its parts) is an item of its own too, so that a retried copy resumes
    # the same parts from their checkpoints.

    def save_copy_plan(self, token: str, plan: CopyPlan) -> None:
        self.table.put_item(Item=_dynamo({"pk": f"{token}#plan", **plan.model_dump(mode="json")}))

    def copy_plan(self, token: str) -> CopyPlan | None:
        item = self.table.get_item(Key={"pk": f"{token}#plan"}, ConsistentRead=True).get("Item")
        if item is None:
            return None
        return CopyPlan.model_validate({k: v for k, v in _plain(item).items() if k != "pk"})

    def forget_copy(self, token: str) -> None:
        """Drop a copy's plan, checkpoints and verified tables (its temporary database is
        gone: the copy starts afresh)."""
        record = self.record(token)
        with self.table.batch_writer() as batch:
            for part in record.copy_parts if record else []:
                batch.delete_item(Key={"pk": _cursor_key(token, part)})
            batch.delete_item(Key={"pk": f"{token}#plan"})
        self.table.update_item(
            Key={"pk": token},
            UpdateExpression="REMOVE copy_verified",
            ConditionExpression="attribute_exists(handover_token)",
        )

    def _guard_holder(self, database: str) -> str | None:
        """The token whose handover holds a database's in-flight guard, if any."""
        item = self.table.get_item(Key={"pk": inflight_key(database)}, ConsistentRead=True).get(
            "Item"
        )
        return str(item["handover_token"]) if item is not None else None

    def _take_guard(self, job: JobRecord) -> TransactWriteItemTypeDef:
        """The transaction item that takes a database's in-flight guard for a job."""
        return {
            "Put": {
                "TableName": self.name,
                "Item": {"pk": inflight_key(job.database), "handover_token": job.handover_token},
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        }

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
        **changes: Unpack[JobChanges],
    ) -> None:
        """Change an unfinished job; raise HandoverCancelled when it was deleted or closed."""
        fields: dict[str, Any] = _CHANGES.dump_python(changes, mode="json")
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
        **changes: Unpack[JobChanges],
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
                **changes,
            )
        except HandoverCancelled:
            return False
        self._release_guard(job.database, token)
        return True

    # Each copy part's cursor is an item of its own (pk = <token>#cursor#<part>, well under
    # 1 KB), so a chunk's checkpoint costs one write unit, not the whole job item's size, and
    # never touches the by_release index. The job lists its parts (copy_parts) to read them.

    def checkpoint(self, token: str, cursor: CopyCursor) -> None:
        """Save a copy part's cursor; raise HandoverCancelled when the job was deleted or closed."""
        item = self.table.get_item(
            Key={"pk": token},
            ConsistentRead=True,
            ProjectionExpression="#status",
            ExpressionAttributeNames={"#status": "status"},
        ).get("Item")
        status = item.get("status") if item is not None else None
        # A part that committed a chunk as another part failed keeps the chunk for a retry.
        if status in (JobStatus.COPYING.value, JobStatus.FAILED.value):
            self.table.put_item(
                Item=_dynamo(
                    {"pk": _cursor_key(token, cursor.part.id), **cursor.model_dump(mode="json")}
                )
            )
        if status != JobStatus.COPYING.value:
            raise HandoverCancelled(f"handover {token} was deleted or is no longer copying")

    def copy_checkpoint(self, token: str, part: str) -> CopyCursor | None:
        item = self.table.get_item(Key={"pk": _cursor_key(token, part)}, ConsistentRead=True).get(
            "Item"
        )
        return _cursor(item) if item is not None else None

    def copy_checkpoints(self, token: str, parts: list[str] | None = None) -> list[CopyCursor]:
        """The cursors saved for a job's parts (all its parts unless told which)."""
        if parts is None:
            item = self.table.get_item(
                Key={"pk": token}, ConsistentRead=True, ProjectionExpression="copy_parts"
            ).get("Item")
            parts = [str(p) for p in (item or {}).get("copy_parts") or []]  # type: ignore[union-attr]
        return [_cursor(i) for i in self._batch_get([_cursor_key(token, p) for p in parts])]

    def _batch_get(self, keys: list[str]) -> list[Any]:
        """The items of these keys that exist, read consistently, 100 keys a call."""
        items: list[Any] = []
        # The resource's client (un)marshals plain values itself, as for transact_write_items.
        client = self.table.meta.client
        for start in range(0, len(keys), 100):  # BatchGetItem takes 100 keys a call
            batch = [{"pk": key} for key in keys[start : start + 100]]
            request: Any = {self.name: {"Keys": batch, "ConsistentRead": True}}
            while request:
                reply = client.batch_get_item(RequestItems=request)
                items.extend(reply.get("Responses", {}).get(self.name, []))
                request = reply.get("UnprocessedKeys") or None
        return items

    # A running datacheck's cursor, likewise: pk = <token>#check#<name>.

    def save_check_cursor(self, token: str, cursor: CheckCursor) -> None:
        """Save a datacheck's cursor; raise HandoverCancelled when the job was deleted or
        is no longer checking."""
        item = self.table.get_item(
            Key={"pk": token},
            ConsistentRead=True,
            ProjectionExpression="#status",
            ExpressionAttributeNames={"#status": "status"},
        ).get("Item")
        if item is None or item.get("status") != JobStatus.CHECKING.value:
            raise HandoverCancelled(f"handover {token} was deleted or is no longer checking")
        self.table.put_item(
            Item=_dynamo({"pk": _check_key(token, cursor.name), **cursor.model_dump(mode="json")})
        )

    def check_cursor(self, token: str, name: str) -> CheckCursor | None:
        item = self.table.get_item(Key={"pk": _check_key(token, name)}, ConsistentRead=True).get(
            "Item"
        )
        return _check_cursor(item) if item is not None else None

    def check_cursors(self, token: str, names: list[str]) -> list[CheckCursor]:
        return [_check_cursor(i) for i in self._batch_get([_check_key(token, n) for n in names])]

    def table_verified(self, token: str, table: str) -> None:
        """Record a table as copied and verified (a set: a retry adds nothing)."""
        self.table.update_item(
            Key={"pk": token},
            UpdateExpression="ADD copy_verified :table",
            ConditionExpression="attribute_exists(handover_token)",
            ExpressionAttributeValues={":table": {table}},
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
        record = self.record(token)
        if record is None:
            return
        with self.table.batch_writer() as batch:
            for part in record.copy_parts:
                batch.delete_item(Key={"pk": _cursor_key(token, part)})
            for name in record.datachecks:
                batch.delete_item(Key={"pk": _check_key(token, name)})
            batch.delete_item(Key={"pk": f"{token}#plan"})
        self.table.delete_item(Key={"pk": token})
        self._release_guard(record.database, token)


def _cursor_key(token: str, part: str) -> str:
    return f"{token}#cursor#{part}"


def _check_key(token: str, name: str) -> str:
    return f"{token}#check#{name}"


def _check_cursor(item: Any) -> CheckCursor:
    return CheckCursor.model_validate({k: v for k, v in _plain(item).items() if k != "pk"})


def _cursor(item: Any) -> CopyCursor:
    fields = {k: v for k, v in _plain(item).items() if k != "pk"}
    return CopyCursor.model_validate(fields)


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
    return dict(_dynamo(key))
