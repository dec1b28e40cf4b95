"""Checks of core-like databases (core, rnaseq, cdna, otherfeatures; some for ancestral too).

Every check is set-based SQL: anti-joins and GROUP BYs the server runs over whole tables.
"""

from __future__ import annotations

from handover.check.datachecks.framework import (
    Connection,
    Context,
    Finding,
    count_and_examples,
    datacheck,
)
from handover.dal.mysql import fetch_one

CORELIKE = ("core", "rnaseq", "cdna", "otherfeatures")
WITH_SEQUENCE = ("core", "ancestral")
SPECIES_KEYS = ("species.production_name", "species.division", "assembly.default")
SCHEMA_KEYS = ("schema_version", "schema_type")
SINGLE_VALUED = (
    *SPECIES_KEYS,
    "species.scientific_name",
    "species.taxonomy_id",
    "assembly.name",
    "assembly.accession",
    "genebuild.version",
    "genebuild.start_date",
)
REQUIRED_TABLES = {
    "core": (
        "meta",
        "coord_system",
        "seq_region",
        "seq_region_attrib",
        "attrib_type",
        "dna",
        "analysis",
        "gene",
        "transcript",
        "exon",
        "exon_transcript",
        "meta_coord",
    ),
    "rnaseq": (
        "meta",
        "coord_system",
        "seq_region",
        "analysis",
        "gene",
        "transcript",
        "exon",
        "exon_transcript",
    ),
    "cdna": (
        "meta",
        "coord_system",
        "seq_region",
        "analysis",
        "transcript",
        "exon",
        "exon_transcript",
    ),
    "otherfeatures": ("meta", "coord_system", "seq_region", "analysis"),
    "ancestral": ("meta", "coord_system", "seq_region", "dna"),
}


def _rows(conn: Connection, sql: str, args: tuple = ()) -> list[tuple]:
    with conn.cursor() as cur:
        cur.execute(sql, args)
        return list(cur.fetchall())


@datacheck(
    "MetaKeysPresent",
    "The mandatory meta keys exist: schema_version and schema_type for the database, and "
    "species.production_name, species.division and assembly.default for every species.",
    groups=("core", "corelike", "meta"),
    db_types=CORELIKE,
)
def meta_keys_present(conn: Connection, ctx: Context) -> list[Finding]:
    required = " UNION ALL ".join(["SELECT %s AS meta_key"] * len(SPECIES_KEYS))
    missing_species = count_and_examples(
        conn,
        "species missing a mandatory key",
        "SELECT CONCAT(s.species_id, ':', k.meta_key) FROM (SELECT DISTINCT species_id FROM meta "
        f"WHERE species_id IS NOT NULL) s CROSS JOIN ({required}) k LEFT JOIN meta m "
        "ON m.species_id = s.species_id AND m.meta_key = k.meta_key WHERE m.meta_id IS NULL",
        SPECIES_KEYS,
    )
    present = {
        r[0]
        for r in _rows(
            conn, "SELECT DISTINCT meta_key FROM meta WHERE meta_key IN (%s, %s)", SCHEMA_KEYS
        )
    }
    missing_schema = sorted(set(SCHEMA_KEYS) - present)
    species = _rows(
        conn, "SELECT COUNT(DISTINCT species_id) FROM meta WHERE species_id IS NOT NULL"
    )[0][0]
    return [
        missing_species,
        Finding(
            problem="missing schema-level keys", count=len(missing_schema), examples=missing_schema
        ),
        Finding(problem="no species in meta", count=int(species == 0)),
    ]


@datacheck(
    "MetaKeysSingleValued",
    "Keys that hold one value per species (production name, division, assembly, genebuild...) hold only one.",
    groups=("core", "corelike", "meta"),
    db_types=CORELIKE,
)
def meta_single_valued(conn: Connection, ctx: Context) -> list[Finding]:
    marks = ", ".join(["%s"] * len(SINGLE_VALUED))
    return [
        count_and_examples(
            conn,
            "keys with several values",
            f"SELECT CONCAT(IFNULL(species_id, 'database'), ':', meta_key) FROM meta WHERE meta_key IN ({marks}) "
            "GROUP BY species_id, meta_key HAVING COUNT(*) > 1",
            SINGLE_VALUED,
        )
    ]


@datacheck(
    "ProductionNameFormat",
    "species.production_name is lower case letters and digits joined by single underscores.",
    groups=("core", "corelike", "meta"),
    db_types=CORELIKE,
)
def production_name_format(conn: Connection, ctx: Context) -> list[Finding]:
    return [
        count_and_examples(
            conn,
            "malformed production names",
            "SELECT meta_value FROM meta WHERE meta_key = 'species.production_name' "
            "AND meta_value NOT REGEXP BINARY '^[a-z0-9]+(_[a-z0-9]+)*$'",
        )
    ]


@datacheck(
    "CoordSystemTopLevel",
    "Each species has exactly one default-version coordinate system at the top rank (rank 1).",
    groups=("core", "corelike", "assembly"),
    db_types=(*CORELIKE, "ancestral"),
)
def coord_system_top_level(conn: Connection, ctx: Context) -> list[Finding]:
    return [
        count_and_examples(
            conn,
            "species without a default top-level coordinate system",
            "SELECT DISTINCT cs.species_id FROM coord_system cs WHERE NOT EXISTS (SELECT 1 FROM coord_system t "
            "WHERE t.species_id = cs.species_id AND t.`rank` = 1 AND FIND_IN_SET('default_version', t.attrib))",
        ),
        count_and_examples(
            conn,
            "species with several default top-level coordinate systems",
            "SELECT species_id FROM coord_system WHERE `rank` = 1 AND FIND_IN_SET('default_version', attrib) "
            "GROUP BY species_id HAVING COUNT(*) > 1",
        ),
    ]


@datacheck(
    "SeqRegionCoordSystem",
    "Every seq_region belongs to an existing coordinate system (no orphan seq_regions).",
    groups=("core", "corelike", "assembly"),
    db_types=(*CORELIKE, "ancestral"),
    driving=("seq_region", "seq_region_id"),
)
def seq_region_coord_system(conn: Connection, ctx: Context) -> list[Finding]:
    return [
        count_and_examples(
            conn,
            "seq_regions whose coord_system does not exist",
            "SELECT sr.seq_region_id FROM seq_region sr LEFT JOIN coord_system cs USING (coord_system_id) "
            f"WHERE cs.coord_system_id IS NULL AND {ctx.within('sr.seq_region_id')}",
        )
    ]


@datacheck(
    "GenesHaveTranscripts",
    "Every gene has at least one transcript.",
    groups=("core", "corelike", "genes"),
    db_types=CORELIKE,
    driving=("gene", "gene_id"),
)
def genes_have_transcripts(conn: Connection, ctx: Context) -> list[Finding]:
    return [
        count_and_examples(
            conn,
            "genes without transcripts",
            "SELECT g.gene_id FROM gene g LEFT JOIN transcript t USING (gene_id) "
            f"WHERE t.transcript_id IS NULL AND {ctx.within('g.gene_id')}",
        )
    ]


@datacheck(
    "TranscriptsHaveExons",
    "Every transcript has at least one exon (through exon_transcript).",
    groups=("core", "corelike", "genes"),
    db_types=CORELIKE,
    driving=("transcript", "transcript_id"),
)
def transcripts_have_exons(conn: Connection, ctx: Context) -> list[Finding]:
    return [
        count_and_examples(
            conn,
            "transcripts without exons",
            "SELECT t.transcript_id FROM transcript t LEFT JOIN exon_transcript et USING (transcript_id) "
            f"WHERE et.exon_id IS NULL AND {ctx.within('t.transcript_id')}",
        )
    ]


@datacheck(
    "ExonsInTranscripts",
    "Every exon is part of a transcript (has an exon_transcript row).",
    groups=("core", "corelike", "genes"),
    db_types=CORELIKE,
    driving=("exon", "exon_id"),
)
def exons_in_transcripts(conn: Connection, ctx: Context) -> list[Finding]:
    return [
        count_and_examples(
            conn,
            "exons without exon_transcript",
            "SELECT e.exon_id FROM exon e LEFT JOIN exon_transcript et USING (exon_id) "
            f"WHERE et.exon_id IS NULL AND {ctx.within('e.exon_id')}",
        )
    ]


def _unique_stable_ids(conn: Connection, table: str) -> list[Finding]:
    # Grouped on the (stable_id, version) index alone: a streaming scan of the index, with no
    # row reads (filtering on is_current would read every row and cost 25 times more).
    return [
        count_and_examples(
            conn,
            f"{table} stable_ids used more than once",
            f"SELECT stable_id FROM {table} WHERE stable_id IS NOT NULL GROUP BY stable_id HAVING COUNT(*) > 1",
        )
    ]


@datacheck(
    "UniqueGeneStableIds",
    "No two genes share a stable_id.",
    groups=("core", "corelike", "genes", "stable_ids"),
    db_types=CORELIKE,
)
def unique_gene_stable_ids(conn: Connection, ctx: Context) -> list[Finding]:
    return _unique_stable_ids(conn, "gene")


@datacheck(
    "UniqueTranscriptStableIds",
    "No two transcripts share a stable_id.",
    groups=("core", "corelike", "genes", "stable_ids"),
    db_types=CORELIKE,
)
def unique_transcript_stable_ids(conn: Connection, ctx: Context) -> list[Finding]:
    return _unique_stable_ids(conn, "transcript")


@datacheck(
    "FeatureCoordinates",
    "Genes, transcripts and exons lie within their seq_region: 1 <= start <= end <= length.",
    groups=("core", "corelike", "genes"),
    db_types=CORELIKE,
    # Ranges of seq_regions, applied to each feature table's seq_region_id (indexed there).
    driving=("seq_region", "seq_region_id"),
)
def feature_coordinates(conn: Connection, ctx: Context) -> list[Finding]:
    findings = []
    for table, key in (("gene", "gene_id"), ("transcript", "transcript_id"), ("exon", "exon_id")):
        # One scan per table, summarised per seq_region and then compared with the (few)
        # seq_regions; the per-feature queries run only when something is wrong.
        with conn.cursor() as cur:
            cur.execute(
                "SELECT COUNT(*) FROM (SELECT seq_region_id, MAX(seq_region_end) AS last_end, "
                "SUM(seq_region_start < 1 OR seq_region_start > seq_region_end) AS inverted "
                f"FROM {table} WHERE {ctx.within('seq_region_id')} GROUP BY seq_region_id) f "
                "LEFT JOIN seq_region sr USING (seq_region_id) "
                "WHERE sr.seq_region_id IS NULL OR f.inverted > 0 OR f.last_end > sr.length"
            )
            if not fetch_one(cur)[0]:
                continue
        findings += [
            count_and_examples(
                conn,
                f"{table}s outside their seq_region",
                f"SELECT f.{key} FROM {table} f JOIN seq_region sr USING (seq_region_id) "
                f"WHERE (f.seq_region_start < 1 OR f.seq_region_start > f.seq_region_end "
                f"OR f.seq_region_end > sr.length) AND {ctx.within('f.seq_region_id')}",
            ),
            count_and_examples(
                conn,
                f"{table}s on a seq_region that does not exist",
                f"SELECT f.{key} FROM {table} f LEFT JOIN seq_region sr USING (seq_region_id) "
                f"WHERE sr.seq_region_id IS NULL AND {ctx.within('f.seq_region_id')}",
            ),
        ]
    return findings


@datacheck(
    "SequenceLevelDNA",
    "Every seq_region of a sequence-level coordinate system has its DNA.",
    groups=("core", "assembly"),
    db_types=WITH_SEQUENCE,
    driving=("seq_region", "seq_region_id"),
)
def sequence_level_dna(conn: Connection, ctx: Context) -> list[Finding]:
    return [
        count_and_examples(
            conn,
            "sequence-level seq_regions without dna",
            "SELECT sr.seq_region_id FROM seq_region sr JOIN coord_system cs USING (coord_system_id) "
            "LEFT JOIN dna d USING (seq_region_id) WHERE FIND_IN_SET('sequence_level', cs.attrib) "
            f"AND d.seq_region_id IS NULL AND {ctx.within('sr.seq_region_id')}",
        )
    ]


@datacheck(
    "RequiredTablesPopulated",
    "The tables the database type cannot do without are not empty.",
    groups=("core", "corelike", "schema"),
    db_types=(*CORELIKE, "ancestral"),
)
def required_tables_populated(conn: Connection, ctx: Context) -> list[Finding]:
    empty = []
    with conn.cursor() as cur:
        for table in REQUIRED_TABLES[ctx.db_type]:
            cur.execute(f"SELECT EXISTS (SELECT 1 FROM {ctx.table(table)})")
            if not fetch_one(cur)[0]:
                empty.append(table)
    return [Finding(problem="empty tables", count=len(empty), examples=empty)]


@datacheck(
    "AnalysisReferences",
    "Every gene and transcript refers to an analysis that exists.",
    groups=("core", "corelike", "genes"),
    db_types=CORELIKE,
)
def analysis_references(conn: Connection, ctx: Context) -> list[Finding]:
    return [
        count_and_examples(
            conn,
            f"{table}s with an unknown analysis_id",
            f"SELECT f.{table}_id FROM {table} f LEFT JOIN analysis a USING (analysis_id) WHERE a.analysis_id IS NULL",
        )
        for table in ("gene", "transcript")
    ]


@datacheck(
    "CanonicalTranscript",
    "Each gene's canonical transcript is one of its own transcripts.",
    groups=("core", "corelike", "genes"),
    db_types=CORELIKE,
    critical=False,
    driving=("gene", "gene_id"),
)
def canonical_transcript(conn: Connection, ctx: Context) -> list[Finding]:
    return [
        count_and_examples(
            conn,
            "genes whose canonical transcript is not theirs",
            "SELECT g.gene_id FROM gene g LEFT JOIN transcript t ON t.transcript_id = g.canonical_transcript_id "
            f"AND t.gene_id = g.gene_id WHERE t.transcript_id IS NULL AND {ctx.within('g.gene_id')}",
        )
    ]


@datacheck(
    "TranslationExons",
    "A translation starts and ends on exons of its own transcript.",
    groups=("core", "corelike", "genes"),
    db_types=CORELIKE,
    critical=False,
    driving=("translation", "translation_id"),
)
def translation_exons(conn: Connection, ctx: Context) -> list[Finding]:
    return [
        count_and_examples(
            conn,
            f"translations whose {end} exon is not in their transcript",
            f"SELECT tl.translation_id FROM translation tl LEFT JOIN exon_transcript et "
            f"ON et.transcript_id = tl.transcript_id AND et.exon_id = tl.{end}_exon_id "
            f"WHERE et.exon_id IS NULL AND {ctx.within('tl.translation_id')}",
        )
        for end in ("start", "end")
    ]
