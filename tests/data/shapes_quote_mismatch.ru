# Variant of shapes_valid.trig: the quote of the target's span does not match the text at its offsets.
PREFIX pko: <https://w3id.org/policykg/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX agency: <https://w3id.org/policykg/id/agency/>

DELETE DATA { GRAPH <https://w3id.org/policykg/id/graph/doc/7386dd28cc9d9502> { <https://w3id.org/policykg/id/doc/7386dd28cc9d9502/span/77-103/quote> oa:exact "2029年底前，区域养老服务中心乡镇覆盖率达到80%" } } ;
INSERT DATA { GRAPH <https://w3id.org/policykg/id/graph/doc/7386dd28cc9d9502> { <https://w3id.org/policykg/id/doc/7386dd28cc9d9502/span/77-103/quote> oa:exact "2030年底前，区域养老服务中心乡镇覆盖率达到80%" } }
