"""Render statemachine/handover.asl.yaml, the one written source of the state machine, to the
JSON that template.yaml deploys (`make asl`, or `python -m handover_cli.local.asl`).

AWS refuses YAML aliases in a state machine definition, so the retry policies are written once
as anchors in the YAML and expanded here. The `x-` blocks that hold the anchors are dropped.
Placeholders of numeric fields (`${RetryMaxAttempts}`) are left unquoted, as
DefinitionSubstitutions puts numbers there.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

STATEMACHINE = Path(__file__).resolve().parents[3] / "statemachine"
SOURCE = STATEMACHINE / "handover.asl.yaml"
RENDERED = STATEMACHINE / "handover.asl.json"
NUMERIC_FIELDS = ("IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxConcurrency", "Seconds")


def _drop_blocks(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_blocks(v) for k, v in value.items() if not str(k).startswith("x-")}
    if isinstance(value, list):
        return [_drop_blocks(v) for v in value]
    return value


def render(source: str) -> str:
    definition = _drop_blocks(yaml.safe_load(source))
    text = json.dumps(definition, indent=2, ensure_ascii=False) + "\n"
    fields = "|".join(NUMERIC_FIELDS)
    return re.sub(rf'("(?:{fields})": )"(\$\{{\w+\}})"', r"\1\2", text)


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    rendered = render(SOURCE.read_text())
    if args == ["--check"]:
        if RENDERED.read_text() != rendered:
            print(f"{RENDERED} is stale: run `make asl`", file=sys.stderr)
            return 1
        return 0
    RENDERED.write_text(rendered)
    print(f"wrote {RENDERED.relative_to(STATEMACHINE.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
