"""Datachecks: set-based SQL checks of a source database, critical or advisory."""

from handover.datachecks.framework import CheckResult, Datacheck, registry, run_suite

# Importing the modules registers their checks.
from handover.datachecks import compara, core, schema  # noqa: E402,F401  isort: skip

__all__ = ["CheckResult", "Datacheck", "registry", "run_suite"]
