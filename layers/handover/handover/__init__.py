"""handover: the code every Lambda function of the service runs, shipped as a layer.

One package per workflow step, matching functions/<step>/: `api`, `check`, `copying` (the copy
function), `register`, `notify`, `cleanup`. Beneath them: `models` (the shapes that cross
boundaries) and `dal` (DynamoDB, MySQL, Secrets Manager). The command line and the offline
stack are the `handover_cli` package, which the layer does not ship.
"""
