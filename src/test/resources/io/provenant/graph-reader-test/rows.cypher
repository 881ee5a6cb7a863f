// GraphReaderTest: $n rows named $name, and how many :GraphReaderTest nodes with that name the transaction sees (and
// what a statement fills in the slot extra).
OPTIONAL MATCH (t:GraphReaderTest {name: $name})
WITH count(t) AS seen
UNWIND range(1, $n) AS i
RETURN $name AS name, i, seen/*extra*/
