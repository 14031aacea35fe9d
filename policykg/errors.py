"""The one error type of policykg: every failure a user should see is a PolicyKGError."""


class PolicyKGError(Exception):
    """An error with a clear one-line message for users (rendered by the CLI and web pages)."""

    status = 500
    kind = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def to_dict(self) -> dict[str, str | int]:
        """Plain value for JSON renderers."""
        return {"error": self.kind, "message": self.message, "status": self.status}


class InputError(PolicyKGError):
    """A document that cannot be loaded: empty, binary, undecodable, not a policy document."""

    status = 400
    kind = "bad-input"


class QueryError(PolicyKGError):
    """A SPARQL query the store refused: syntax error, unknown canned query, bad parameter."""

    status = 400
    kind = "bad-query"


class StoreError(PolicyKGError):
    """The store cannot be opened, read or written (locked, unreachable, rejected an update)."""

    status = 503
    kind = "store-unavailable"


class SetupError(PolicyKGError):
    """Something `make setup` installs is missing (front-end assets, the browser for tests)."""

    status = 500
    kind = "not-installed"


class NotFound(PolicyKGError):
    """No such entity, query or page in the store."""

    status = 404
    kind = "not-found"


class Forbidden(PolicyKGError):
    """A request the app refuses by policy (read-only endpoint, upload without a valid token)."""

    status = 403
    kind = "forbidden"
