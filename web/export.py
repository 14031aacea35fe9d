"""Export of the whole store as Turtle, streamed from the store."""

import tempfile
from collections.abc import Iterator

from flask import Blueprint, Response
from flask.typing import ResponseReturnValue

from policykg.web.storage import get_store

bp = Blueprint("export", __name__)


@bp.get("/export.ttl")
def turtle() -> ResponseReturnValue:
    """The whole store as Turtle (prefixes declared)."""
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - closed by the stream
    get_store().export("turtle", spool)
    spool.seek(0)

    def chunks() -> Iterator[bytes]:
        with spool:
            while block := spool.read(64 * 1024):
                yield block

    return Response(chunks(), mimetype="text/turtle",
                    headers={"Content-Disposition": 'inline; filename="policykg.ttl"'})
