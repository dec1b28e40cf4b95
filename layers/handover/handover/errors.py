"""Named exceptions. Their class names are the error names the state machine retries or catches."""


class HandoverError(Exception):
    """Base class: a failure whose message is safe to show the submitter (no passwords)."""


class MySQLUnavailable(HandoverError):
    """A MySQL server refused or lost the connection: transient, retried by the state machine."""


class ServerBusy(MySQLUnavailable):
    """A MySQL server has no connection to spare (1040, Too many connections): waited out by
    the state machine for as long as it takes, never a reason to fail a handover."""


class CheckFailed(HandoverError):
    """The source database does not meet the handover rules."""


class CopyFailed(HandoverError):
    """The copy could not complete or did not verify."""


class RegistrationFailed(HandoverError):
    """The metadata database refused the registration."""


class AnnouncementFailed(HandoverError):
    """EventBridge refused an event; the register step is retried (it is idempotent)."""


class HandoverCancelled(HandoverError):
    """The job was deleted or cancelled while a step was running."""


class CleanupPending(HandoverError):
    """The handover was stopped, but staging could not be cleaned up yet; retrying is safe."""


class InvalidRequest(HandoverError):
    """A submitted field is wrong; `field` names it so the API can say which."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotRetryable(HandoverError):
    """A retry of a handover that did not fail (it succeeded, or was cancelled)."""


class HandoverInFlight(HandoverError):
    """The database already has an unfinished handover."""

    def __init__(self, database: str, token: str) -> None:
        super().__init__(
            f"database {database} already has a handover in progress ({token}); "
            "wait for it to finish or DELETE it first"
        )
        self.token = token
