# Variant of shapes_valid.trig: a registry agency gets a second Chinese skos:prefLabel.
PREFIX pko: <https://w3id.org/policykg/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX agency: <https://w3id.org/policykg/id/agency/>

INSERT DATA { GRAPH <https://w3id.org/policykg/id/graph/registry> { agency:cn-jl-finance skos:prefLabel "省财政厅"@zh } }
