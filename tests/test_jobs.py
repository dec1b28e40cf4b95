"""The job record: what the store writes is what the model declares."""

import typing

from handover.models.job import JobChanges, JobRecord


def test_every_change_a_step_may_make_is_a_declared_field_of_the_record():
    changes = typing.get_type_hints(JobChanges)
    record = typing.get_type_hints(JobRecord)
    for name, annotation in changes.items():
        assert name in record, name
        # The record allows None where a job does not have the value yet.
        assert annotation in (record[name], *typing.get_args(record[name])), name
