"""The offline stack: moto runs the real state machine, which calls the real handlers in-process.

Needs the `local` extra (moto, PyYAML); nothing here is shipped to Lambda's code path.
"""
