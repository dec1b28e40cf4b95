"""Read template.yaml the way CloudFormation would, for the few intrinsics this project uses.

The local stack is built from this reading, so it cannot drift from what is deployed. An
intrinsic it does not know is an error, not a silent guess.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_NO_VALUE = object()
# {{resolve:secretsmanager:secret-id:SecretString:json-key}}; an ARN holds colons itself.
_DYNAMIC = re.compile(r"\{\{resolve:secretsmanager:(.+?):SecretString:([^:}]+)\}\}")


class _Loader(yaml.SafeLoader):
    pass


def _tag(loader: _Loader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = "Ref" if suffix == "Ref" else f"Fn::{suffix}"
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
        if suffix == "GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


_Loader.add_multi_constructor("!", _tag)


def load_template(path: Path) -> dict[str, Any]:
    return yaml.load(path.read_text(), Loader=_Loader)  # noqa: S506 - SafeLoader subclass


@dataclass
class Resolver:
    """Resolves Ref, GetAtt, Sub, If, Join, Split, Equals and Not against known values."""

    template: dict[str, Any]
    parameters: dict[str, Any]
    refs: dict[str, str] = field(default_factory=dict)
    attributes: dict[tuple[str, str], str] = field(default_factory=dict)
    pseudo: dict[str, str] = field(default_factory=dict)
    # Reads a secret's SecretString by id, for {{resolve:secretsmanager:...}} references.
    secret_string: Callable[[str], str] | None = None

    def condition(self, name: str) -> bool:
        return bool(self.resolve(self.template["Conditions"][name]))

    def resolve(self, value: Any) -> Any:
        if isinstance(value, list):
            items = [self.resolve(v) for v in value]
            return [i for i in items if i is not _NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) != 1 or not (
            next(iter(value)) == "Ref" or next(iter(value)).startswith("Fn::")
        ):
            items = {k: self.resolve(v) for k, v in value.items()}
            return {k: v for k, v in items.items() if v is not _NO_VALUE}
        ((fn, arg),) = value.items()
        if fn == "Ref":
            return self._ref(arg)
        if fn == "Fn::GetAtt":
            return self.attributes[(arg[0], arg[1])]
        if fn == "Fn::Sub":
            text = re.sub(r"\$\{([^}]+)\}", lambda m: str(self._sub(m[1])), arg)
            return _DYNAMIC.sub(lambda m: self._dynamic(m[1], m[2]), text)
        if fn == "Fn::If":
            cond, yes, no = arg
            return self.resolve(yes if self.condition(cond) else no)
        if fn == "Fn::Join":
            sep, parts = arg
            return sep.join(str(p) for p in self.resolve(parts))
        if fn == "Fn::Split":
            sep, text = arg
            return str(self.resolve(text)).split(sep)
        if fn == "Fn::Equals":
            a, b = (self.resolve(x) for x in arg)
            return str(a) == str(b)
        if fn == "Fn::Not":
            return not self.resolve(arg[0])
        raise ValueError(f"the local stack does not know the intrinsic {fn}")

    def _ref(self, name: str) -> Any:
        if name == "AWS::NoValue":
            return _NO_VALUE
        if name in self.pseudo:
            return self.pseudo[name]
        if name in self.parameters:
            return self.parameters[name]
        if name in self.refs:
            return self.refs[name]
        raise KeyError(f"template.yaml refers to {name}, which the local stack does not know")

    def _dynamic(self, secret_id: str, json_key: str) -> str:
        """A {{resolve:secretsmanager:ID:SecretString:KEY}} reference, as CloudFormation
        resolves it at deploy time."""
        if self.secret_string is None:
            raise ValueError("template.yaml reads a secret, and the local stack gave no reader")
        value = json.loads(self.secret_string(secret_id))[json_key]
        return str(value)

    def _sub(self, name: str) -> Any:
        if "." in name:
            resource, attribute = name.split(".", 1)
            return self.attributes[(resource, attribute)]
        return self._ref(name)


def parameter_values(template: dict[str, Any], overrides: dict[str, str]) -> dict[str, Any]:
    """Defaults from the template, overridden; CommaDelimitedList values become lists."""
    values: dict[str, Any] = {}
    for name, spec in template.get("Parameters", {}).items():
        if name in overrides:
            raw: Any = overrides[name]
        elif "Default" in spec:
            raw = spec["Default"]
        else:
            raise ValueError(f"parameter {name} has no default; give it a value")
        allowed = spec.get("AllowedValues")
        if allowed and str(raw) not in [str(a) for a in allowed]:
            raise ValueError(f"parameter {name} must be one of {allowed}, not {raw!r}")
        values[name] = str(raw).split(",") if spec["Type"] == "CommaDelimitedList" else str(raw)
    unknown = set(overrides) - set(values)
    if unknown:
        raise ValueError(f"template.yaml has no parameters {sorted(unknown)}")
    return values
