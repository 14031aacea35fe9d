"""Languages of the pages: Chinese by default, English by switch; messages from ``web/messages/*.toml``."""

import tomllib
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from flask import Flask, Response, g, request
from rdflib import RDFS, SKOS, Graph, URIRef

from policykg import settings
from policykg.ontology import ontology_path
from policykg.ontology.namespace import PREFIXES

LANGUAGES = ("zh", "en")
COOKIE = "lang"
MESSAGES_DIR = Path(__file__).with_name("messages")


@cache
def messages() -> dict[str, dict[str, str]]:
    """Message key → {language: text}, merged from every messages file (a key defined twice fails)."""
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(MESSAGES_DIR.glob("*.toml")):
        with path.open("rb") as f:
            for key, texts in tomllib.load(f).items():
                if key in merged:
                    raise ValueError(f"message {key!r} is defined twice ({path.name})")
                missing = [lang for lang in LANGUAGES if lang not in texts]
                if missing:
                    raise ValueError(f"message {key!r} in {path.name} lacks {', '.join(missing)}")
                merged[key] = texts
    return merged


def current_language() -> str:
    """Language of this request: ``?lang=``, else the visitor's cookie, else the ``language`` setting."""
    if "policykg_lang" not in g:
        chosen = request.args.get("lang") or request.cookies.get(COOKIE) or settings.get("language")
        g.policykg_lang = chosen if chosen in LANGUAGES else LANGUAGES[0]
    return g.policykg_lang


def t(key: str, **values: object) -> str:
    """A message in the current language, with ``{name}`` placeholders filled; unknown keys fail loudly."""
    try:
        text = messages()[key][current_language()]
    except KeyError:
        raise KeyError(f"no message {key!r} in web/messages/") from None
    return text.format(**values) if values else text


@cache
def _ontology_labels() -> dict[tuple[str, str], str]:
    """(term IRI, language) → label, from the ontology's rdfs:label / skos:prefLabel."""
    graph = Graph().parse(ontology_path())
    labels: dict[tuple[str, str], str] = {}
    for prop in (SKOS.prefLabel, RDFS.label):
        for subject, _, label in graph.triples((None, prop, None)):
            lang = getattr(label, "language", None)
            if isinstance(subject, URIRef) and lang in LANGUAGES:
                labels.setdefault((str(subject), lang), str(label))
    return labels


def term_label(term: str) -> str:
    """Label of an ontology term (IRI or prefixed name) in the current language, else its prefixed name."""
    iri = term
    if ":" in term and not term.startswith("http"):
        prefix, local = term.split(":", 1)
        iri = str(PREFIXES.get(prefix, prefix + ":")) + local
    found = _ontology_labels().get((iri, current_language()))
    if found:
        return found
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(str(namespace)):
            return f"{prefix}:{iri[len(str(namespace)):]}"
    return iri


def lang_url(lang: str) -> str:
    """This page's URL in another language (other parameters kept)."""
    pairs = [*((k, v) for k, v in request.args.items(multi=True) if k != "lang"), ("lang", lang)]
    return request.path + "?" + urlencode(pairs)


def init_app(app: Flask) -> None:
    """Template helpers ``t``, ``term_label``, ``lang_url``, ``lang``; remember a chosen language in a cookie."""
    app.jinja_env.globals.update(t=t, term_label=term_label, lang_url=lang_url, languages=LANGUAGES)

    @app.context_processor
    def language() -> dict[str, str]:
        return {"lang": current_language()}

    @app.after_request
    def remember(response: Response) -> Response:
        chosen = request.args.get("lang")
        if chosen in LANGUAGES and request.cookies.get(COOKIE) != chosen:
            response.set_cookie(COOKIE, chosen, max_age=365 * 86400, samesite="Lax")
        return response
