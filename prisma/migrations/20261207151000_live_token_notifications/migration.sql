-- Every app instance keeps a compact set of the live tokens' hash prefixes
-- (lib/api/live-tokens.ts), so that a client IP blocked for failed authentications still gets
-- its valid tokens looked up. A new token (created, or a rotation's successor) is announced to
-- every instance listening on the channel with the first 16 hex characters of its hash,
-- whoever inserted the row (the services, the seed, a script), and only after commit (NOTIFY's
-- rule), so a listener never learns of a token it cannot look up yet. A row inserted revoked is
-- not announced. Revocation, expiry and deletion are not announced either: a stale entry only
-- earns one lookup, which fails and takes it out (lib/api/live-token-set.ts).
CREATE FUNCTION "api_tokens_announce_new"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.revoked_at IS NULL THEN
    PERFORM pg_notify('mailshield_new_api_tokens', left(NEW.token_hash, 16));
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "api_tokens_announce_new"
  AFTER INSERT ON "api_tokens"
  FOR EACH ROW EXECUTE FUNCTION "api_tokens_announce_new"();
