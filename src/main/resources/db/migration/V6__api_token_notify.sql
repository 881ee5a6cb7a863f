-- Replicas keep a token's verification for up to provenant.security.token-cache, and only while they LISTEN on
-- provenant_token: every change of a token's row (a revocation, whoever makes it, also by hand in SQL) notifies the
-- token's hash when it commits, and each replica forgets that token at once. V5's "every request reads its row"
-- now holds while a replica does not listen, or with provenant.security.token-cache=0s.
CREATE FUNCTION api_token_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('provenant_token', OLD.token_hash);
    RETURN NULL;
END
$$;

CREATE TRIGGER api_token_changed AFTER UPDATE OR DELETE ON api_token
    FOR EACH ROW EXECUTE FUNCTION api_token_changed();
