-- The journal is the system of record: every accepted write is one entry, hash-chained to the previous one.
-- Appends are serialized by locking the single journal_head row (FOR UPDATE), which also gives every entry
-- a gap-free sequence number. payload is TEXT, not JSONB: its bytes are what payload_digest covers.
CREATE TABLE journal (
    seq            BIGINT       PRIMARY KEY,
    recorded_at    TIMESTAMPTZ  NOT NULL,
    actor          TEXT         NOT NULL,
    project        TEXT         NOT NULL,
    operation      TEXT         NOT NULL,
    ref            TEXT         NOT NULL,
    payload        TEXT         NOT NULL,
    payload_digest CHAR(64)     NOT NULL,
    prev_hash      CHAR(64)     NOT NULL,
    entry_hash     CHAR(64)     NOT NULL
);
CREATE INDEX journal_project_seq ON journal (project, seq);
CREATE INDEX journal_ref ON journal (ref);

CREATE TABLE journal_head (
    id         SMALLINT PRIMARY KEY CHECK (id = 1),
    seq        BIGINT   NOT NULL,
    entry_hash CHAR(64) NOT NULL
);
INSERT INTO journal_head (id, seq, entry_hash) VALUES (1, 0, repeat('0', 64));

-- Journal rows are never changed or removed.
CREATE FUNCTION journal_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'journal is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER journal_no_update BEFORE UPDATE OR DELETE ON journal
    FOR EACH ROW EXECUTE FUNCTION journal_is_append_only();
CREATE TRIGGER journal_no_truncate BEFORE TRUNCATE ON journal
    FOR EACH STATEMENT EXECUTE FUNCTION journal_is_append_only();

-- One row per registered artifact; id is the seq of the journal entry that registered it (its payload).
CREATE TABLE artifact (
    id            BIGINT      PRIMARY KEY REFERENCES journal (seq),
    ref           TEXT        NOT NULL UNIQUE,
    kind          TEXT        NOT NULL,
    key           TEXT        NOT NULL,
    version       TEXT        NOT NULL,
    project       TEXT        NOT NULL,
    digest        CHAR(64)    NOT NULL,
    registered_at TIMESTAMPTZ NOT NULL,
    registered_by TEXT        NOT NULL
);
CREATE INDEX artifact_kind_key ON artifact (kind, key text_pattern_ops, id);
CREATE INDEX artifact_project_kind ON artifact (project, kind, id);

-- Entries not yet projected into Neo4j; the projector deletes a row once its entry is in the graph.
CREATE TABLE outbox (
    seq        BIGINT      PRIMARY KEY REFERENCES journal (seq),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    attempts   INT         NOT NULL DEFAULT 0,
    last_error TEXT
);

-- Datasets are registered, filled in pieces, then sealed; a sealed version refuses members.
CREATE TABLE dataset_state (
    artifact_id    BIGINT      PRIMARY KEY REFERENCES artifact (id),
    member_count   BIGINT      NOT NULL DEFAULT 0,
    sealed_at      TIMESTAMPTZ,
    content_digest CHAR(64)
);
CREATE TABLE dataset_member (
    dataset_id BIGINT NOT NULL REFERENCES artifact (id),
    member_ref TEXT   NOT NULL,
    PRIMARY KEY (dataset_id, member_ref)
);
