"""One error type, rendered as HTML for browsers and JSON for machines."""

from flask import Flask, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from policykg.errors import PolicyKGError


def wants_json() -> bool:
    """True when the client asked for JSON (by extension, parameter or Accept header)."""
    if request.path.endswith(".json") or request.args.get("format") == "json":
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json",
                                                "application/sparql-results+json"])
    return best in ("application/json", "application/sparql-results+json")


def init_app(app: Flask) -> None:
    """Register the error handlers."""

    @app.errorhandler(PolicyKGError)
    def policykg_error(e: PolicyKGError) -> ResponseReturnValue:
        if wants_json():
            return e.to_dict(), e.status
        return render_template("error.html", status=e.status, message=e.message), e.status

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException) -> ResponseReturnValue:
        body = {"error": e.name, "message": e.description, "status": e.code}
        if wants_json():
            return body, e.code
        return render_template("error.html", status=e.code, message=e.description), e.code
