"""Datachecks: set-based SQL checks of a source database, critical or advisory."""

from handover.check.datachecks.framework import Datacheck, registry, run_suite

# Importing the modules registers their checks.
from handover.check.datachecks import (  # noqa: E402,F401  isort: skip
    compara,
    core,
    funcgen,
    schema,
    variation,
)

__all__ = ["Datacheck", "registry", "run_suite"]
