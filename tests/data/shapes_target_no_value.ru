# Variant of shapes_valid.trig: the target of measure 12 loses its schema:value.
PREFIX pko: <https://w3id.org/policykg/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX agency: <https://w3id.org/policykg/id/agency/>

DELETE DATA { GRAPH <https://w3id.org/policykg/id/graph/doc/7386dd28cc9d9502> { <https://w3id.org/policykg/id/doc/7386dd28cc9d9502/target/77> schema:value 80.0 } }
