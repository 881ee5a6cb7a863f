-- API tokens. Only a keyed hash of a token is stored (HMAC-SHA256 under provenant.security.token-pepper); the
-- token itself is shown once, when it is created. Every request reads its row (no cache), so a revocation takes
-- effect at once on every replica. Rows are never deleted: a revoked token stays listed with who revoked it.
CREATE TABLE api_token (
    id          TEXT        PRIMARY KEY,
    token_hash  CHAR(64)    NOT NULL UNIQUE,
    subject     TEXT        NOT NULL,
    roles       TEXT[]      NOT NULL,
    -- NULL: every project.
    projects    TEXT[],
    description TEXT,
    created_at  TIMESTAMPTZ NOT NULL,
    created_by  TEXT        NOT NULL,
    expires_at  TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ,
    revoked_by  TEXT
);
CREATE INDEX api_token_subject ON api_token (subject);

-- Keys generated at first start when none is configured (the HMAC key of token hashes and pseudonyms, 'pepper').
CREATE TABLE security_secret (
    name       TEXT        PRIMARY KEY,
    value      TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
