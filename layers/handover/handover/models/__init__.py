"""The shapes that cross boundaries, one module per boundary:

- `api`: the bodies of the HTTP API;
- `job`: the job record as DynamoDB stores it, and the view the API shows;
- `workflow`: the state machine's payloads (small pointers, never rows or reports);
- `checks`: datacheck results, and the one rule that says which of them failed.
"""
