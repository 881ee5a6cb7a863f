-- The journal's Merkle tree (RFC 6962 style): the hash of every complete, aligned block of 2^level entries
-- for level >= 8, written with the entries that complete it. Smaller subtrees are computed from
-- journal.entry_hash. Append-only like the journal.
CREATE TABLE merkle_node (
    level SMALLINT NOT NULL,
    idx   BIGINT   NOT NULL,
    hash  CHAR(64) NOT NULL,
    PRIMARY KEY (level, idx)
);
CREATE TRIGGER merkle_node_no_update BEFORE UPDATE OR DELETE ON merkle_node
    FOR EACH ROW EXECUTE FUNCTION journal_is_append_only();
CREATE TRIGGER merkle_node_no_truncate BEFORE TRUNCATE ON merkle_node
    FOR EACH STATEMENT EXECUTE FUNCTION journal_is_append_only();
