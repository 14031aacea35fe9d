"""The one settings table: every setting with its default, environment variable and help."""

import os
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    """A named setting read from the environment (``POLICYKG_<NAME>``) with a default."""

    name: str
    default: Any
    help: str

    @property
    def env(self) -> str:
        """Environment variable that overrides the default."""
        return "POLICYKG_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("store", "data/store", "Store location: a directory (embedded Oxigraph) or an http(s) SPARQL "
            "query endpoint URL (remote server)."),
    Setting("update_url", "", "Remote store: SPARQL Update endpoint (default: derived from the query URL)."),
    Setting("gsp_url", "", "Remote store: Graph Store Protocol endpoint (default: derived from the query URL)."),
    Setting("user", "", "Remote store: user name for HTTP basic authentication."),
    Setting("password", "", "Remote store: password for HTTP basic authentication."),
    Setting("host", "127.0.0.1", "Address the web app listens on."),
    Setting("port", 5000, "Port the web app listens on."),
    Setting("threads", 8, "Threads of the web server (waitress) answering requests at the same time."),
    Setting("max_rows_html", 1000, "Most result rows shown on an HTML page (downloads are not capped by it)."),
    Setting("max_file_bytes", 20_000_000, "Largest document file accepted by ingest, in bytes."),
    Setting("query_timeout", 10.0, "Time limit of one query in the web app, in seconds: a query still running "
            "is stopped (its worker process is killed) and answered with 503."),
    Setting("query_workers", 4, "Worker processes answering the web app's queries on an embedded store (each "
            "can be stopped at the time limit while the others go on serving)."),
    Setting("max_request_bytes", 1_000_000, "Largest request body the web app accepts (queries, forms), in bytes; "
            "/upload has its own limit, max_upload_bytes."),
    Setting("language", "zh", "Default language of web pages: zh or en (a visitor switches with ?lang=)."),
    Setting("page_size", 50, "Rows per page of the browse lists (/documents, /agencies, /measures, /targets)."),
    Setting("upload_token", "", "Token that /upload requires (form field or `Authorization: Bearer`); "
            "empty turns upload off."),
    Setting("max_upload_bytes", 20_000_000, "Largest file accepted by /upload, in bytes."),
    Setting("secret_key", "", "Key that signs the web app's session cookie (the upload form's CSRF token); empty: "
            "a random key at each start. Set it when several processes serve the app."),
    Setting("node_modules", "", "Directory of the npm packages the app serves as /assets (default: "
            "node_modules beside the project, filled by `make setup`)."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> Any:
    """Value of a setting: the environment variable if set (cast to the default's type), else the default."""
    setting = _BY_NAME[name]
    raw = os.environ.get(setting.env)
    if raw is None or raw == "":
        return setting.default
    if isinstance(setting.default, bool):
        return raw.lower() in {"1", "true", "yes", "on"}
    if isinstance(setting.default, int):
        return int(raw)
    if isinstance(setting.default, float):
        return float(raw)
    return raw
