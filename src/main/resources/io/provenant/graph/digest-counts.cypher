// Graph digest: every node but the migration records, and every relationship (count store lookups, no scan).
CALL () { MATCH (n) RETURN count(n) AS allNodes }
CALL () { MATCH (m:__Neo4jMigration) RETURN count(m) AS migrations }
CALL () { MATCH ()-[r]->() RETURN count(r) AS edges }
RETURN allNodes - migrations AS nodes, edges
