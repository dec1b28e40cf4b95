"""Telling the rest of production what happened: one EventBridge event per registration, the
way Ensembl's event dispatch told its pipelines."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from handover.errors import AnnouncementFailed
from handover.models.job import GenomeEvent

if TYPE_CHECKING:
    from mypy_boto3_events import EventBridgeClient
    from mypy_boto3_events.type_defs import PutEventsRequestEntryTypeDef

SOURCE = "handover"
DATABASE_REGISTERED = "Database Registered"


def database_registered(
    eventbridge: EventBridgeClient,
    bus: str,
    *,
    token: str,
    release: int,
    events: Sequence[GenomeEvent],
) -> int:
    """Publish a `Database Registered` event for each registration event. Returns how many."""
    entries: list[PutEventsRequestEntryTypeDef] = [
        {
            "Source": SOURCE,
            "DetailType": DATABASE_REGISTERED,
            "EventBusName": bus,
            "Detail": json.dumps(
                {
                    "event_type": e.type,
                    "genome": e.genome,
                    "database": e.dbname,
                    "release": release,
                    "handover_token": token,
                }
            ),
        }
        for e in events
    ]
    # PutEvents takes at most 10 entries a call; a collection database may have hundreds.
    for start in range(0, len(entries), 10):
        reply = eventbridge.put_events(Entries=entries[start : start + 10])
        if reply.get("FailedEntryCount"):
            failed = [r for r in reply["Entries"] if r.get("ErrorCode")]
            raise AnnouncementFailed(
                f"EventBridge bus {bus} refused {len(failed)} event(s): "
                + "; ".join(f"{r['ErrorCode']}: {r.get('ErrorMessage', '')}" for r in failed[:3])
            )
    return len(entries)
