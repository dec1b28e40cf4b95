import pytest

from handover.dbnames import InvalidDatabaseName, parse_database_name


@pytest.mark.parametrize(
    ("name", "prefix", "db_type", "release", "assembly"),
    [
        ("homo_sapiens_core_115_38", "homo_sapiens", "core", 115, "38"),
        ("homo_sapiens_core_115_37", "homo_sapiens", "core", 115, "37"),
        ("mus_musculus_casteij_rnaseq_115_1", "mus_musculus_casteij", "rnaseq", 115, "1"),
        ("danio_rerio_cdna_115_11", "danio_rerio", "cdna", 115, "11"),
        ("homo_sapiens_otherfeatures_115_38", "homo_sapiens", "otherfeatures", 115, "38"),
        ("homo_sapiens_variation_115_38", "homo_sapiens", "variation", 115, "38"),
        ("homo_sapiens_funcgen_115_38", "homo_sapiens", "funcgen", 115, "38"),
        ("arabidopsis_thaliana_core_62_115_11", "arabidopsis_thaliana", "core", 115, "11"),
        ("bacteria_0_collection_core_48_101_1", "bacteria_0_collection", "core", 101, "1"),
        ("ensembl_compara_115", "ensembl_compara", "compara", 115, None),
        ("ensembl_compara_plants_62_115", "ensembl_compara", "compara", 115, None),
        ("ensembl_compara_pan_homology_62_115", "ensembl_compara", "compara", 115, None),
        ("ensembl_ancestral_115", "ensembl_ancestral", "ancestral", 115, None),
        ("ensembl_ancestral_plants_62_115", "ensembl_ancestral", "ancestral", 115, None),
    ],
)
def test_valid_names(name, prefix, db_type, release, assembly):
    parsed = parse_database_name(name)
    assert (parsed.prefix, parsed.db_type, parsed.release, parsed.assembly) == (
        prefix,
        db_type,
        release,
        assembly,
    )


def test_compara_and_ancestral_division():
    assert parse_database_name("ensembl_compara_115").division == "vertebrates"
    assert parse_database_name("ensembl_compara_plants_62_115").division == "plants"
    assert parse_database_name("ensembl_compara_pan_homology_62_115").division == "pan"
    assert parse_database_name("ensembl_ancestral_115").division == "vertebrates"
    assert parse_database_name("homo_sapiens_core_115_38").division is None


@pytest.mark.parametrize(
    ("name", "release", "accepted"),
    [
        ("homo_sapiens_core_115_38", 115, True),
        ("homo_sapiens_core_114_38", 115, False),
        ("bacteria_0_collection_core_48_101_1", 101, True),  # EG 48 is Ensembl 101
        ("bacteria_0_collection_core_48_101_1", 48, True),  # its first number is the release
        ("bacteria_0_collection_core_47_101_1", 101, False),  # not 53 apart
        ("ensembl_compara_plants_62_115", 115, True),
        ("ensembl_compara_plants_61_115", 115, False),
    ],
)
def test_release_rule(name, release, accepted):
    assert parse_database_name(name).matches_release(release) is accepted


@pytest.mark.parametrize(
    "name",
    [
        "homo_sapiens_core",
        "homo_sapiens_core_115",
        "homo_sapiens_notatype_115_38",
        "Homo_sapiens_core_115_38",
        "homo-sapiens_core_115_38",
        "homo_sapiens_core_115_38; DROP DATABASE x",
        "x" * 60 + "_core_115_38",
        "ensembl_compara",
        "ensembl_ancestral_",
        "",
    ],
)
def test_invalid_names(name):
    with pytest.raises(InvalidDatabaseName):
        parse_database_name(name)


def test_refusal_lists_the_accepted_forms():
    with pytest.raises(InvalidDatabaseName, match="accepted forms: .*ensembl_compara"):
        parse_database_name("my_database")
