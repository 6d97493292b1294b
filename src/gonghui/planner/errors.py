"""The planner's one domain error: input that does not match the contract."""


class PlannerInputError(ValueError):
    """Input that does not match the contract; the message names field, candidate and batch.

    ``str(error)`` is the Chinese message; ``message_en`` is the English one the CLI prints
    next to it.
    """

    def __init__(
        self,
        message: str,
        *,
        message_en: str = "",
        field: str = "",
        candidate: str | None = None,
        batch: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.message_en = message_en or message
        self.field = field
        self.candidate = candidate
        self.batch = batch
