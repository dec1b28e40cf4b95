"""The `handover` command: the API's client, and `handover local`, the offline stack (moto
running the real state machine and handlers) with its throwaway MariaDB servers. Runs on a
developer's or operator's machine; the Lambda layer does not ship it."""
