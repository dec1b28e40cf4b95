"""The notify function (functions/notify): tell the contact and pipelines how a handover ended."""
