"""A cursor's key travels between invocations as JSON: bytes, decimals and dates are tagged so
that they come back as values MySQL compares the same way."""

from __future__ import annotations

import base64
import datetime
import decimal
from collections.abc import Sequence
from typing import Any


def encode_key(values: Sequence[Any]) -> list[Any]:
    out: list[Any] = []
    for v in values:
        if isinstance(v, bytes):
            out.append({"b64": base64.b64encode(v).decode()})
        elif isinstance(
            v, decimal.Decimal | datetime.date | datetime.datetime | datetime.timedelta
        ):
            out.append({"s": str(v)})
        else:
            out.append(v)
    return out


def decode_key(values: Sequence[Any]) -> list[Any]:
    out: list[Any] = []
    for v in values:
        if isinstance(v, dict) and "b64" in v:
            out.append(base64.b64decode(v["b64"]))
        elif isinstance(v, dict) and "s" in v:
            out.append(v["s"])
        else:
            out.append(v)
    return out
