"""Slots: one limit on the work a server takes at once, shared by every execution (the Step
Functions semaphore pattern, on the job table): copies per staging server, datachecks per
source server.

One item per server, pk = "slots#<host:port>" (copies) or "slots#check#<host:port>", holding
- `holders`: execution name -> when it took its slot;
- `waiters`: execution name -> since when it has waited.
A slot is taken with a conditional update, so two executions never take the last one; first
come, first served: a newcomer does not take a slot that an earlier waiter is owed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from boto3.dynamodb.conditions import Attr
from botocore.exceptions import ClientError

from handover.models.job import utc_now

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.service_resource import Table

PREFIX = "slots#"
CHECK_SLOT_PREFIX = "check#"


def check_slot_key(source_server: str) -> str:
    """A source server's key among the slots (copy slots are keyed by staging server)."""
    return CHECK_SLOT_PREFIX + source_server


@dataclass(frozen=True)
class SlotState:
    acquired: bool
    running: int  # executions holding a slot on the server
    ahead: int  # executions that have waited longer


def _key(server: str) -> dict[str, str]:
    return {"pk": PREFIX + server}


def _condition_failed(exc: ClientError) -> bool:
    return exc.response["Error"]["Code"] == "ConditionalCheckFailedException"


class CopySlots:
    def __init__(self, table: Table) -> None:
        self.table = table

    def _item(self, server: str) -> dict[str, Any]:
        item = self.table.get_item(Key=_key(server), ConsistentRead=True).get("Item")
        if item is None:
            try:
                self.table.put_item(
                    Item={**_key(server), "holders": {}, "waiters": {}},
                    ConditionExpression="attribute_not_exists(pk)",
                )
            except ClientError as exc:
                if not _condition_failed(exc):
                    raise
            item = {"holders": {}, "waiters": {}}
        return item

    def acquire(self, server: str, holder: str, limit: int) -> SlotState:
        """Take a slot on `server` for `holder`, or join (or stay in) the queue for one."""
        item = self._item(server)
        holders: dict[str, str] = item.get("holders", {})
        waiters: dict[str, str] = item.get("waiters", {})
        if holder in holders:
            return SlotState(True, len(holders), 0)  # a retry of an acquire that succeeded
        since = waiters.get(holder, utc_now())
        ahead = sum(
            1 for name, t in waiters.items() if name != holder and (t, name) < (since, holder)
        )
        if len(holders) + ahead < limit:
            try:
                self.table.update_item(
                    Key=_key(server),
                    UpdateExpression="SET holders.#h = :now REMOVE waiters.#h",
                    ConditionExpression="size(holders) < :limit",
                    ExpressionAttributeNames={"#h": holder},
                    ExpressionAttributeValues={":now": utc_now(), ":limit": limit},
                )
                return SlotState(True, len(holders) + 1, 0)
            except ClientError as exc:
                if not _condition_failed(exc):
                    raise  # taken meanwhile by another execution: wait like the others
        self.table.update_item(
            Key=_key(server),
            UpdateExpression="SET waiters.#h = if_not_exists(waiters.#h, :since)",
            ExpressionAttributeNames={"#h": holder},
            ExpressionAttributeValues={":since": since},
        )
        return SlotState(False, len(holders), ahead)

    def release(self, server: str, holder: str) -> None:
        """Give the slot back (or leave the queue); nothing when `holder` has neither."""
        try:
            self.table.update_item(
                Key=_key(server),
                UpdateExpression="REMOVE holders.#h, waiters.#h",
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeNames={"#h": holder},
            )
        except ClientError as exc:
            if not _condition_failed(exc):
                raise

    def servers(self, prefix: str) -> list[str]:
        """The servers with a slot item whose key starts with `prefix` (a scan: for the
        hourly sweep, not for a hot path)."""
        found: list[str] = []
        request: dict[str, Any] = {
            "FilterExpression": Attr("pk").begins_with(PREFIX + prefix),
            "ProjectionExpression": "pk",
        }
        while True:
            reply = self.table.scan(**request)
            found += [str(item["pk"]).removeprefix(PREFIX) for item in reply.get("Items", [])]
            if "LastEvaluatedKey" not in reply:
                return found
            request["ExclusiveStartKey"] = reply["LastEvaluatedKey"]

    def holders(self, server: str) -> dict[str, str]:
        return _names(self.table.get_item(Key=_key(server), ConsistentRead=True), "holders")

    def waiting(self, server: str) -> dict[str, str]:
        return _names(self.table.get_item(Key=_key(server), ConsistentRead=True), "waiters")


def _names(reply: Any, attribute: str) -> dict[str, str]:
    """A holders or waiters map of a get_item reply, as plain strings."""
    value = (reply.get("Item") or {}).get(attribute)
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}
