"""The check step (functions/check): the handover rules and the datachecks, on the source.

- `step`: what the check function runs;
- `source`: the rules that read the source (exists, release, division, where it goes);
- `core_first`: a non-core species database needs its core registered or in flight;
- `datachecks/`: the SQL datachecks, one module per database type;
- `reference`: the release's reference schemas, loaded on staging and compared.
"""
