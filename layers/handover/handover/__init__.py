"""handover: take an Ensembl-style genome database from its builders to the staging server."""
