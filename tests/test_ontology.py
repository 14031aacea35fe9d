"""The ontology, the SHACL shapes and kg.validate: parse, cover every pko: term, and catch bad data."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib import namespace as rdflib_namespace
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from policykg.errors import PolicyKGError
from policykg.kg import validate as validate_module
from policykg.kg.validate import Violation, format_violation, merge_graphs, validate_graph
from policykg.ontology import ontology_path, shapes_path
from policykg.ontology.namespace import CITO, DCTERMS, ELI, OA, ORG, PKO, PKO_IRI, PREFIXES, PROV, SH

# rdflib's own TriG parser and Dataset.update use its deprecated ConjunctiveGraph API internally
pytestmark = pytest.mark.filterwarnings("ignore:.*deprecated, use Dataset.*:DeprecationWarning")

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
ONTOLOGY_IRI = URIRef("https://w3id.org/policykg/ontology")
NOTICE_FILE = "004_7386dd28cc9d9502.txt"
REPLY_FILE = "000_25b3b0f3c213c7f2.txt"

# pko: terms as they appear in SPARQL, templates, Turtle, Markdown and Python (ASCII names only, so that
# "pko:Measure的" reads as pko:Measure), full ontology IRIs, and attribute uses such as PKO.leadAgency.
_PREFIXED = re.compile(r"(?<![\w-])pko:([A-Za-z_][A-Za-z0-9_]*)", re.ASCII)
_FULL_IRI = re.compile(re.escape(PKO_IRI) + r"([A-Za-z_][A-Za-z0-9_]*)", re.ASCII)
_ATTRIBUTE = re.compile(r"\bPKO\.([A-Za-z][A-Za-z0-9_]*)", re.ASCII)


# ------------------------------------------------------------------------------------------------
# helpers
# ------------------------------------------------------------------------------------------------

def _ontology() -> Graph:
    """The parsed OWL ontology."""
    return Graph().parse(ontology_path(), format="turtle")


def _shapes() -> Graph:
    """The parsed SHACL shapes."""
    return Graph().parse(shapes_path(), format="turtle")


def _defined_terms(ontology: Graph) -> set[str]:
    """Local names of every pko: IRI that is the subject of an rdf:type triple in the ontology."""
    return {str(s)[len(PKO_IRI):] for s in ontology.subjects(RDF.type, None)
            if isinstance(s, URIRef) and str(s).startswith(PKO_IRI)}


def _namespace_terms() -> set[str]:
    """Terms the PKO DefinedNamespace declares."""
    return {name for name in PKO.__annotations__ if not name.startswith("_")}


def pko_terms_in(path: Path) -> set[str]:
    """Every pko: term a file uses: pko:x tokens, full ontology IRIs and (in Python) PKO.x attributes."""
    text = path.read_text(encoding="utf-8", errors="replace")
    found = set(_PREFIXED.findall(text)) | set(_FULL_IRI.findall(text))
    if path.suffix == ".py":
        found |= set(_ATTRIBUTE.findall(text))
    return found


def undefined_terms(paths: Iterable[Path], defined: set[str]) -> dict[str, set[str]]:
    """File (relative to the project when possible) -> the pko: terms it uses that are not defined."""
    bad: dict[str, set[str]] = {}
    for path in paths:
        missing = pko_terms_in(path) - defined
        if missing:
            name = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
            bad[name] = missing
    return bad


def project_files(root: Path = ROOT) -> list[Path]:
    """Files whose pko: terms must exist: queries, templates, Python sources, the shapes and the docs."""
    files: list[Path] = []
    files += sorted((root / "queries").rglob("*.rq"))
    files += sorted(p for p in (root / "web" / "templates").rglob("*") if p.is_file())
    for package in ("kg", "loaders", "web", "policykg", "queries", "ontology"):
        files += sorted((root / package).rglob("*.py"))
    files += [root / "ontology" / "shapes.ttl"]
    files += sorted((root / "docs").glob("*.md"))
    return [p for p in files if p.is_file() and "__pycache__" not in p.parts]


def _valid_dataset() -> Dataset:
    """The hand-written valid sample: one named graph per document plus the registry graph."""
    dataset = Dataset()
    dataset.parse(DATA / "shapes_valid.trig", format="trig")
    return dataset


def _variant(name: str) -> Dataset:
    """The valid sample with the SPARQL Update tests/data/shapes_<name>.ru applied."""
    dataset = _valid_dataset()
    before = len(dataset)
    dataset.update((DATA / f"shapes_{name}.ru").read_text(encoding="utf-8"))
    assert len(dataset) != before or name in _REPLACING_VARIANTS, f"shapes_{name}.ru changed nothing"
    return dataset


def _short(iri: str) -> str:
    """A full IRI as its prefixed name (for comparing paths)."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


# variants that replace one value by another (the triple count stays the same)
_REPLACING_VARIANTS = {"bad_comparator", "untagged_title", "lead_not_responsible", "integer_value",
                       "bracket_number", "quote_mismatch", "start_after_end", "rank_role"}


# ------------------------------------------------------------------------------------------------
# (a) both files parse
# ------------------------------------------------------------------------------------------------

def test_ontology_and_shapes_parse() -> None:
    """Both shipped Turtle files parse and are not trivially small."""
    assert len(_ontology()) > 300
    assert len(_shapes()) > 300


def test_ontology_header() -> None:
    """The ontology node has its IRI, a version and a title and description in both languages."""
    onto = _ontology()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    for prop in (DCTERMS.title, DCTERMS.description):
        assert {lit.language for lit in onto.objects(ONTOLOGY_IRI, prop)} >= {"zh", "en"}


# ------------------------------------------------------------------------------------------------
# (b) the namespace module and the ontology define the same terms
# ------------------------------------------------------------------------------------------------

def test_namespace_terms_are_defined_in_ontology() -> None:
    """Every term of the PKO DefinedNamespace is defined (typed) in policykg.ttl."""
    missing = _namespace_terms() - _defined_terms(_ontology())
    assert not missing, f"in ontology/namespace.py but not in policykg.ttl: {sorted(missing)}"


def test_ontology_terms_are_in_namespace() -> None:
    """Every pko: term typed in policykg.ttl is declared in the PKO DefinedNamespace."""
    extra = _defined_terms(_ontology()) - _namespace_terms()
    assert not extra, f"in policykg.ttl but not in ontology/namespace.py: {sorted(extra)}"


def test_term_kinds() -> None:
    """Classes are owl:Class, roles are named individuals, properties are object or datatype properties."""
    onto = _ontology()
    classes = {"PolicyDocument", "Notice", "Opinion", "Plan", "Reply", "Section", "Measure", "Responsibility",
               "ResponsibilityRole", "Target", "Proposal", "CitedDocument", "AgencyMention", "Issuance",
               "CollectiveAgent", "UnresolvedAgency", "AgencyLoad", "AgencyPair"}
    for name in classes:
        assert (PKO[name], RDF.type, OWL.Class) in onto, name
    for name in ("LeadRole", "SupportRole"):
        assert (PKO[name], RDF.type, OWL.NamedIndividual) in onto
        assert (PKO[name], RDF.type, PKO.ResponsibilityRole) in onto
    for name in _namespace_terms() - classes - {"LeadRole", "SupportRole"}:
        kinds = set(onto.objects(PKO[name], RDF.type))
        assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}, name


def test_axioms_reuse_standard_vocabularies() -> None:
    """The subclass, subproperty, disjointness and range axioms the brief and contract ask for."""
    onto = _ontology()
    subclass = {
        PKO.PolicyDocument: ELI.LegalResource, PKO.Notice: PKO.PolicyDocument, PKO.Opinion: PKO.PolicyDocument,
        PKO.Plan: PKO.PolicyDocument, PKO.Reply: ELI.LegalResource, PKO.Measure: ELI.LegalResourceSubdivision,
        PKO.Section: ELI.LegalResourceSubdivision, PKO.UnresolvedAgency: ORG.Organization,
        PKO.CollectiveAgent: PROV.Agent, PKO.CitedDocument: ELI.LegalResource,
        PKO.AgencyMention: PROV.Entity, PKO.Responsibility: PROV.Entity,
    }
    for child, parent in subclass.items():
        assert (child, RDFS.subClassOf, parent) in onto, f"{child} ⊑ {parent}"
    assert (PKO.CollectiveAgent, RDFS.subClassOf, ORG.Organization) not in onto
    assert (PKO.Reply, OWL.disjointWith, PKO.PolicyDocument) in onto
    for prop in (PKO.leadAgency, PKO.supportAgency):
        assert (prop, RDFS.subPropertyOf, ELI.responsibility_of_agent) in onto
    assert (PKO.mentions, RDFS.range, PROV.Agent) in onto
    xsd = rdflib_namespace.XSD  # not imported by name: pytest's collection would probe it (and warn)
    assert (PKO.deadline, RDFS.range, xsd.date) in onto
    assert (PKO.rank, RDFS.range, xsd.integer) in onto


def test_external_terms_declared_with_source() -> None:
    """External terms the data uses are declared, each pointing at its own vocabulary."""
    onto = _ontology()
    for term in (ELI.LegalResource, ELI.responsibility_of_agent, ORG.Organization, OA.SpecificResource,
                 CITO.Citation, URIRef(PREFIXES["schema"] + "value"), URIRef(PREFIXES["schema"] + "unitText"),
                 PROV.Agent, PROV.Entity):
        assert onto.value(term, RDF.type) is not None, term
        assert onto.value(term, RDFS.isDefinedBy) is not None, term
        assert onto.value(term, RDFS.label) is None, f"{term} is only declared, not redefined"


# ------------------------------------------------------------------------------------------------
# (c) every pko: term used in the project is defined
# ------------------------------------------------------------------------------------------------

def test_project_uses_only_defined_terms() -> None:
    """pko: tokens in queries, templates, Python sources, shapes and docs all name defined terms."""
    files = project_files()
    assert ROOT / "ontology" / "shapes.ttl" in files
    bad = undefined_terms(files, _defined_terms(_ontology()))
    assert not bad, f"undefined pko: terms: {bad}"


def test_scanner_flags_fake_terms(tmp_path: Path) -> None:
    """The scanner catches undefined terms in every form it looks for, and passes defined ones."""
    (tmp_path / "queries").mkdir()
    (tmp_path / "web" / "templates").mkdir(parents=True)
    (tmp_path / "kg").mkdir()
    (tmp_path / "queries" / "q.rq").write_text("SELECT ?m WHERE { ?m pko:leadAgency ?a ; pko:leadAgencyy ?b }")
    (tmp_path / "web" / "templates" / "page.html").write_text("<td>pko:NoSuchClass的</td>")
    (tmp_path / "kg" / "x.py").write_text(
        "from x import PKO\nA = PKO.Measure\nB = PKO.bogusTerm\n"
        f"C = '<{PKO_IRI}fullIriTerm>'\nD = 'pkosh:NotPko'\n"
    )
    (tmp_path / "docs").mkdir()
    bad = undefined_terms(project_files(tmp_path), _defined_terms(_ontology()))
    assert bad == {
        str(tmp_path / "queries" / "q.rq"): {"leadAgencyy"},
        str(tmp_path / "web" / "templates" / "page.html"): {"NoSuchClass"},
        str(tmp_path / "kg" / "x.py"): {"bogusTerm", "fullIriTerm"},
    }


# ------------------------------------------------------------------------------------------------
# (d) labels and definitions in both languages
# ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("annotation", [RDFS.label, SKOS.definition])
def test_every_term_is_documented_in_zh_and_en(annotation: URIRef) -> None:
    """Every pko: term has an rdfs:label and a skos:definition in Chinese and in English."""
    onto = _ontology()
    lacking = {}
    for name in sorted(_defined_terms(onto)):
        languages = {lit.language for lit in onto.objects(PKO[name], annotation) if isinstance(lit, Literal)}
        if not {"zh", "en"} <= languages:
            lacking[name] = languages
    assert not lacking, f"{annotation} missing a language: {lacking}"


# ------------------------------------------------------------------------------------------------
# the shapes file itself
# ------------------------------------------------------------------------------------------------

def test_every_shape_explains_itself() -> None:
    """Every node shape has an sh:name; every property shape and SPARQL constraint an sh:name and sh:message."""
    shapes = _shapes()
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    property_shapes = set(shapes.objects(None, SH.property)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    constraints = set(shapes.objects(None, SH.sparql))
    assert len(node_shapes) >= 15 and len(property_shapes) >= 60 and len(constraints) >= 8
    for shape in node_shapes:
        assert shapes.value(shape, SH.name) is not None, shape
    for shape in property_shapes | constraints:
        assert shapes.value(shape, SH.name) is not None, shape
        message = shapes.value(shape, SH.message)
        assert message is not None and re.search(r"\((contract|model): .+\)$", str(message)), shape


def test_every_class_has_a_shape() -> None:
    """The contract's and model's classes are all targeted by a shape."""
    targets = set(_shapes().objects(None, SH.targetClass))
    assert targets >= {
        PKO.PolicyDocument, PKO.Reply, PKO.Section, PKO.Measure, PKO.Responsibility, PKO.Target,
        PKO.Proposal, PKO.CitedDocument, PKO.AgencyMention, PKO.CollectiveAgent, PKO.UnresolvedAgency,
        ORG.Organization, CITO.Citation, OA.SpecificResource, OA.TextPositionSelector, OA.TextQuoteSelector,
    }


# ------------------------------------------------------------------------------------------------
# (e) validation of samples
# ------------------------------------------------------------------------------------------------

def test_valid_sample_dataset_has_no_violations() -> None:
    """The hand-written sample, as a Dataset of named graphs, conforms."""
    dataset = _valid_dataset()
    assert len(list(dataset.graphs())) >= 3
    assert validate_graph(dataset) == []


def test_valid_sample_graph_has_no_violations() -> None:
    """The same sample as one plain Graph conforms too, and validation leaves the input untouched."""
    graph = merge_graphs(_valid_dataset())
    size = len(graph)
    assert validate_graph(graph) == []
    assert len(graph) == size


def test_merged_graph_answers_repeated_queries_the_same() -> None:
    """The merged graph's parsed-query cache returns the same answers as a fresh parse, binding by binding."""
    merged = merge_graphs(_valid_dataset())
    plain = Graph()
    for triple in merged:
        plain.add(triple)
    text = (f"SELECT ?n WHERE {{ $this <{ELI.number}> ?n }}")
    for measure in merged.subjects(RDF.type, PKO.Measure):
        first = [tuple(r) for r in merged.query(text, initBindings={"this": measure})]
        again = [tuple(r) for r in merged.query(text, initBindings={"this": measure})]
        assert first == again == [tuple(r) for r in plain.query(text, initBindings={"this": measure})]
        assert len(first) == 1


def test_merge_graphs_unions_named_graphs() -> None:
    """merge_graphs holds the triples of every named graph."""
    dataset = _valid_dataset()
    merged = merge_graphs(dataset)
    assert len(merged) == len({(s, p, o) for s, p, o, _g in dataset.quads((None, None, None, None))})
    assert (None, PKO.sourceFile, Literal(NOTICE_FILE)) in merged
    assert (None, PKO.sourceFile, Literal(REPLY_FILE)) in merged


# name of the variant -> (compact path, message fragment, source file, measure number)
VARIANTS: dict[str, tuple[str, str, str | None, str | None]] = {
    "two_leads": ("pko:leadAgency", "at most one pko:leadAgency", NOTICE_FILE, "12"),
    "no_lead": ("pko:leadAgency", "has exactly one pko:leadAgency", NOTICE_FILE, "12"),
    "target_no_value": ("schema:value", "exactly one schema:value", NOTICE_FILE, "12"),
    "bad_comparator": ("pko:comparator", "pko:comparator", NOTICE_FILE, "12"),
    "untagged_title": ("dcterms:title", "tagged @zh", NOTICE_FILE, None),
    "two_id_local": ("eli:id_local", "at most one eli:id_local", NOTICE_FILE, None),
    "lead_not_responsible": ("pko:leadAgency", "also one of its eli:responsibility_of_agent", REPLY_FILE, "1"),
    "integer_value": ("schema:value", "xsd:decimal", NOTICE_FILE, "12"),
    "bracket_number": ("eli:id_local", "normalised brackets", NOTICE_FILE, None),
    "quote_mismatch": ("oa:hasSelector", "oa:exact equals", NOTICE_FILE, "12"),
    "start_after_end": ("oa:start", "oa:start is at most its oa:end", NOTICE_FILE, "12"),
    "collective_org": ("", "pko:CollectiveAgent is not an org:Organization", NOTICE_FILE, None),
    "orphan_target": ("^pko:hasTarget", "object of exactly one pko:hasTarget", NOTICE_FILE, None),
    "rank_role": ("pko:rank", "rank 1 exactly when", NOTICE_FILE, "12"),
    "two_labels_zh": ("skos:prefLabel", "at most one skos:prefLabel per language", None, None),
}


def test_every_variant_file_is_checked() -> None:
    """Each tests/data/shapes_*.ru has an expectation here (and vice versa)."""
    on_disk = {p.stem.removeprefix("shapes_") for p in DATA.glob("shapes_*.ru")}
    assert on_disk == set(VARIANTS)


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variant_produces_expected_violation(name: str) -> None:
    """Each one-change variant of the valid sample produces the violation that change breaks."""
    path, fragment, source_file, measure = VARIANTS[name]
    violations = validate_graph(_variant(name))
    assert violations, f"shapes_{name}.ru validated clean"
    matching = [v for v in violations if _compact_path(v.path) == path and fragment in v.message]
    assert matching, f"no {path!r} violation with {fragment!r} in {violations}"
    hit = matching[0]
    assert hit.severity == "Violation"
    if source_file is not None:
        assert hit.source_file == source_file
    assert hit.measure == measure


def _compact_path(path: str) -> str:
    """A violation path with its IRIs as prefixed names."""
    return path[0] + _short(path[1:]) if path.startswith("^") else _short(path)


def test_format_violation_names_file_measure_and_path() -> None:
    """The one-line form reads FILE · measure N · pko:property · message."""
    violations = validate_graph(_variant("two_leads"))
    lead = next(v for v in violations if v.path == str(PKO.leadAgency))
    line = format_violation(lead)
    assert line.startswith(f"{NOTICE_FILE} · measure 12 · pko:leadAgency · ")
    assert "at most one pko:leadAgency" in line
    assert "\n" not in line


def test_format_violation_without_file_or_measure() -> None:
    """Unknown parts are left out; the focus (data IRIs shortened) stands in for the file; values are cut."""
    v = Violation(focus="https://w3id.org/policykg/id/agency/x", path=str(SKOS.prefLabel), message="m",
                  severity="Warning", source_file=None, measure=None, value='"' + "长" * 200 + '"')
    line = format_violation(v)
    assert line.startswith("agency/x · skos:prefLabel · [warning] m (value: \"长")
    assert line.endswith("…)")
    assert len(line) < 150


def test_violation_is_frozen() -> None:
    """Violation values cannot be changed after creation."""
    v = Violation("f", "p", "m", "Violation", None, None, None)
    with pytest.raises(AttributeError):
        v.message = "other"  # type: ignore[misc]


def test_broken_shapes_file_is_a_policykg_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A shapes file that does not parse gives a PolicyKGError naming it, not a raw parser error."""
    broken = tmp_path / "shapes.ttl"
    broken.write_text("this is not turtle .", encoding="utf-8")
    monkeypatch.setattr(validate_module, "shapes_path", lambda: broken)
    with pytest.raises(PolicyKGError, match="SHACL shapes"):
        validate_graph(Graph())
