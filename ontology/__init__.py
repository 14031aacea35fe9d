"""The policykg ontology (OWL + SHACL) and the one namespace module every room uses."""

from importlib.resources import files
from pathlib import Path


def ontology_path() -> Path:
    """Path of the OWL ontology file shipped with the package."""
    return Path(str(files(__package__) / "policykg.ttl"))


def shapes_path() -> Path:
    """Path of the SHACL shapes file shipped with the package."""
    return Path(str(files(__package__) / "shapes.ttl"))
