# Variant of shapes_valid.trig: reply measure 1's lead is not among its responsible agencies.
PREFIX pko: <https://w3id.org/policykg/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX agency: <https://w3id.org/policykg/id/agency/>

DELETE DATA { GRAPH <https://w3id.org/policykg/id/graph/doc/25b3b0f3c213c7f2> { <https://w3id.org/policykg/id/doc/25b3b0f3c213c7f2/measure/1> pko:leadAgency agency:cn-jl-civil-affairs } } ;
INSERT DATA { GRAPH <https://w3id.org/policykg/id/graph/doc/25b3b0f3c213c7f2> { <https://w3id.org/policykg/id/doc/25b3b0f3c213c7f2/measure/1> pko:leadAgency agency:cn-jl-finance } }
