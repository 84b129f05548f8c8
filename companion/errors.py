"""Errors a user can meet: each says what happened, where, and what to do."""


class CompanionError(Exception):
    """A failure to report in one clear message (no traceback) with an exit code."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
