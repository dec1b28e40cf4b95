"""The schemas of the small fixture databases the fast tests and the demo build: subsets of
Ensembl's, with the tables the service reads and its datachecks look at. They are not
reference schemas: a deployment's references are the release's own table.sql files
(ReferenceSchemaUri), and the Ensembl-format ones the end-to-end tests use are in
tests/ensembl/.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources


@cache
def fixture_statements(schema: str) -> tuple[str, ...]:
    text = resources.files(__name__).joinpath(f"{schema}.sql").read_text()
    text = re.sub(r"^\s*--.*$", "", text, flags=re.MULTILINE)
    return tuple(s.strip() for s in text.split(";") if s.strip())
