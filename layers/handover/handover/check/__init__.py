"""The check step (functions/check): the handover rules and the datachecks, on the source.

- `step`: what the check function runs;
- `source`: the rules that read the source (exists, release, division, where it goes);
- `datachecks/`: the SQL datachecks, one module per database type;
- `schemas/`: the reference schemas the schema datacheck compares against.
"""
