"""CSRF tokens for the app's HTML forms that change the store: one random token per session, checked in
constant time (the app's SECRET_KEY signs the session cookie that holds it)."""

import secrets

from flask import Flask, request, session

from policykg.errors import InputError

FIELD = "csrf_token"
_KEY = "policykg.csrf"


class CSRFError(InputError):
    """A form posted without the token of the visitor's session (stale page, or another site's form)."""

    kind = "csrf"


def csrf_token() -> str:
    """The current session's token (created on first use), for a hidden form field."""
    token = session.get(_KEY)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        session[_KEY] = token
    return token


def check_csrf() -> None:
    """Raise CSRFError unless the posted form carries the session's token."""
    expected = session.get(_KEY)
    sent = request.form.get(FIELD, "")
    if not isinstance(expected, str) or not expected or not secrets.compare_digest(expected.encode(), sent.encode()):
        raise CSRFError("the form's security token is missing or expired: reload the page and submit it again")


def init_app(app: Flask) -> None:
    """Offer ``csrf_token()`` to templates."""
    app.jinja_env.globals.update(csrf_token=csrf_token)
