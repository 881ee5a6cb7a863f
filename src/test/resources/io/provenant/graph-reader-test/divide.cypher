// GraphReaderTest: fails in Neo4j (a ClientException, / by zero) when $by is 0.
RETURN 1 / $by AS quotient
