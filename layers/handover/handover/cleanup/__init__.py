"""The cleanup function (functions/cleanup): close a failed or cancelled handover, and sweep
staging of what handovers left behind."""
