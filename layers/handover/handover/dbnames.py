"""Ensembl database name rules: what a name says about its type, release and assembly."""

from __future__ import annotations

import re
from dataclasses import dataclass

SPECIES_TYPES = ("core", "rnaseq", "cdna", "otherfeatures", "variation", "funcgen")
CORE_LIKE_TYPES = ("core", "rnaseq", "cdna", "otherfeatures")
ALL_TYPES = (*SPECIES_TYPES, "compara", "ancestral")
# Ensembl Genomes releases run this far behind Ensembl's: EG 48 is Ensembl 101.
EG_RELEASE_OFFSET = 53
MAX_NAME_LENGTH = 64

_SPECIES = re.compile(
    r"^(?P<prefix>\w+)_(?P<type>core|rnaseq|cdna|otherfeatures|variation|funcgen)"
    r"(?:_(?P<first>\d+))?_(?P<second>\d+)_(?P<assembly>\d+)$"
)
_COMPARA = re.compile(
    r"^ensembl_compara(?:_(?P<division>[a-z]+|pan)(?P<homology>_homology)?)?"
    r"(?:_(?P<first>\d+))?_(?P<second>\d+)$"
)
_ANCESTRAL = re.compile(
    r"^ensembl_ancestral(?:_(?P<division>[a-z]+))?(?:_(?P<first>\d+))?_(?P<second>\d+)$"
)
_ALLOWED_CHARS = re.compile(r"^[a-z0-9_]+$")

ACCEPTED_FORMS = (
    "<species>_<type>[_<eg_release>]_<release>_<assembly> with type one of "
    + ", ".join(SPECIES_TYPES)
    + "; ensembl_compara[_<division>[_homology]][_<eg_release>]_<release>; "
    "ensembl_ancestral[_<division>][_<eg_release>]_<release>"
)


class InvalidDatabaseName(ValueError):
    """The name is not one the service can hand over."""


@dataclass(frozen=True)
class DatabaseName:
    name: str
    prefix: str
    db_type: str
    # The releases the name carries: Ensembl's alone, or Ensembl Genomes' then Ensembl's.
    release_numbers: tuple[int, ...]
    assembly: str | None = None
    division: str | None = None

    @property
    def release(self) -> int | None:
        """The Ensembl release the name claims (the last number before the assembly)."""
        return self.release_numbers[-1] if self.release_numbers else None

    @property
    def core_name(self) -> str:
        """The core database this species database belongs with (itself for a core)."""
        numbers = "_".join(str(n) for n in self.release_numbers)
        return f"{self.prefix}_core_{numbers}_{self.assembly}"

    @property
    def grch37(self) -> bool:
        """A human GRCh37 database: Ensembl keeps these on their own server, unregistered."""
        return self.prefix.startswith("homo_sapiens") and self.assembly == "37"

    def matches_release(self, release: int) -> bool:
        """True when the name belongs to `release`, allowing an Ensembl Genomes release first."""
        numbers = self.release_numbers
        if not numbers:
            return False
        if numbers[0] == release:
            return True
        return (
            len(numbers) == 2
            and numbers[1] == release
            and numbers[1] - numbers[0] == EG_RELEASE_OFFSET
        )


def _numbers(match: re.Match[str]) -> tuple[int, ...]:
    return tuple(int(match[g]) for g in ("first", "second") if match[g] is not None)


def parse_database_name(name: str) -> DatabaseName:
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidDatabaseName(f"database name is longer than {MAX_NAME_LENGTH} characters")
    if not _ALLOWED_CHARS.match(name):
        raise InvalidDatabaseName(
            f"database name {name!r} may only hold lower-case letters, digits and _"
        )
    if match := _SPECIES.match(name):
        return DatabaseName(
            name, match["prefix"], match["type"], _numbers(match), assembly=match["assembly"]
        )
    if match := _COMPARA.match(name):
        division = match["division"] or "vertebrates"
        return DatabaseName(name, "ensembl_compara", "compara", _numbers(match), division=division)
    if match := _ANCESTRAL.match(name):
        division = match["division"] or "vertebrates"
        return DatabaseName(
            name, "ensembl_ancestral", "ancestral", _numbers(match), division=division
        )
    raise InvalidDatabaseName(
        f"database name {name!r} is not a handover name; accepted forms: {ACCEPTED_FORMS}"
    )
