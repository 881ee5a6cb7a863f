-- A data subject's consent revocation: a new fact, never a deletion (SPEC §2). One per subject; id is the
-- seq of the journal entry that recorded it. Feedback of a revoked subject is refused from then on, and
-- the lineage questions flag labels carrying the subject's earlier feedback.
CREATE TABLE consent_revocation (
    id          BIGINT      PRIMARY KEY REFERENCES journal (seq),
    subject     TEXT        NOT NULL UNIQUE,
    project     TEXT        NOT NULL,
    reason      TEXT        NOT NULL,
    revoked_at  TIMESTAMPTZ NOT NULL,
    request     TEXT,
    digest      CHAR(64)    NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    recorded_by TEXT        NOT NULL
);
