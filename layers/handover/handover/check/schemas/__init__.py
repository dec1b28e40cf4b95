"""Reference schemas, one SQL file per schema family, as Ensembl ships table.sql per release.

The files hold the tables this service reads and checks (a subset of Ensembl's full schemas);
production replaces them with the release's own table.sql files.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

# Which reference a database type is compared against.
SCHEMA_OF_TYPE = {
    "core": "core",
    "rnaseq": "core",
    "cdna": "core",
    "otherfeatures": "core",
    "ancestral": "core",
    "variation": "variation",
    "funcgen": "funcgen",
    "compara": "compara",
}
_NOT_COLUMNS = {
    "PRIMARY",
    "UNIQUE",
    "KEY",
    "INDEX",
    "CONSTRAINT",
    "FOREIGN",
    "FULLTEXT",
    "SPATIAL",
    "CHECK",
}


@cache
def reference_statements(schema: str) -> tuple[str, ...]:
    text = resources.files(__name__).joinpath(f"{schema}.sql").read_text()
    text = re.sub(r"^\s*--.*$", "", text, flags=re.MULTILINE)
    return tuple(s.strip() for s in text.split(";") if s.strip())


def _split_top_level(body: str) -> list[str]:
    """Split a CREATE TABLE body on the commas that are not inside parentheses or quotes."""
    parts: list[str] = []
    current: list[str] = []
    depth, quote = 0, ""
    for char in body:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"`":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


@cache
def reference_columns(schema: str) -> dict[str, tuple[str, ...]]:
    """{table: columns in order} of a reference schema."""
    tables: dict[str, tuple[str, ...]] = {}
    for statement in reference_statements(schema):
        match = re.match(r"CREATE TABLE\s+`?(\w+)`?\s*\((.*)\)[^)]*$", statement, re.S | re.I)
        if not match:
            continue
        columns = []
        for part in _split_top_level(match[2]):
            name = part.split()[0].strip("`")
            if name.upper() not in _NOT_COLUMNS:
                columns.append(name)
        tables[match[1]] = tuple(columns)
    return tables
