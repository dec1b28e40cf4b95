"""The job record: what the store writes is what the model declares."""

import json
import typing
import uuid

import boto3
import pytest
from boto3.dynamodb.conditions import Key

from handover.dal.jobs import JobStore
from handover.errors import HandoverCancelled
from handover.models.job import JobChanges, JobRecord, JobStatus, utc_now
from handover.models.workflow import CopyCursor, CopyPart


def test_every_change_a_step_may_make_is_a_declared_field_of_the_record():
    changes = typing.get_type_hints(JobChanges)
    record = typing.get_type_hints(JobRecord)
    for name, annotation in changes.items():
        assert name in record, name
        # The record allows None where a job does not have the value yet.
        assert annotation in (record[name], *typing.get_args(record[name])), name


def test_a_checkpoint_is_a_small_item_of_its_own_outside_the_list_index(stack):
    store = JobStore(stack.table_name)
    token, now = str(uuid.uuid4()), utc_now()
    store.create(
        JobRecord(
            handover_token=token,
            src_uri="mysql://u@h:3306/ckpt_core_115_1",
            contact="a@example.org",
            comment="checkpoints",
            database=f"ckpt{token[:8]}_core_115_1",
            db_type="core",
            release=115,
            status=JobStatus.SUBMITTED,
            message="submitted",
            submitted_at=now,
            updated_at=now,
        )
    )
    store.update(
        token, step="copy", status=JobStatus.COPYING, message="copying", copy_parts=["gene#0"]
    )
    cursor = CopyCursor(part=CopyPart(table="gene"), rows_copied=42, chunks=1, checksum=7)
    store.checkpoint(token, cursor)
    store.checkpoint(token, cursor.model_copy(update={"rows_copied": 84, "chunks": 2}))

    raw = boto3.resource("dynamodb").Table(stack.table_name)
    job_item = raw.get_item(Key={"pk": token})["Item"]
    assert "copy_checkpoints" not in job_item  # a chunk does not rewrite the job
    (saved,) = [store.copy_checkpoint(token, "gene#0")]
    assert saved is not None and saved.rows_copied == 84
    cursor_item = raw.get_item(Key={"pk": f"{token}#cursor#gene#0"})["Item"]
    assert len(json.dumps(cursor_item, default=str)) < 1024  # one write unit
    assert store.get(token, progress=True).copy_progress.rows_copied == 84  # type: ignore[union-attr]

    # The list index holds what the list shows, not the copy's or the checks' detail.
    listed = raw.query(IndexName="by_release", KeyConditionExpression=Key("release").eq(115))[
        "Items"
    ]
    (entry,) = [i for i in listed if i["pk"] == token]
    assert "copy_parts" not in entry and "reports" not in entry
    assert entry["status"] == "COPYING" and entry["database"].startswith("ckpt")

    store.finish(token, JobStatus.CANCELLED, step="test", message="over")
    with pytest.raises(HandoverCancelled):
        store.checkpoint(token, cursor)
    store.delete(token)
    assert "Item" not in raw.get_item(Key={"pk": f"{token}#cursor#gene#0"})
