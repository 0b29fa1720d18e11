-- Audit retention by privilege, not by convention. The append-only trigger used to let a
-- DELETE through in any transaction that set `mailshield.audit_retention`, which every
-- session may set. Now the one deletion path is a function that runs as a role of its own:
-- the trigger lets a DELETE through only when the current role is that role, which no
-- session becomes except inside the function (the role cannot log in and nobody is made a
-- member of it).

-- Roles belong to the cluster, not the database: another database of the same cluster
-- (another checkout, a test database) may have created it already, maybe at this moment.
DO $$
BEGIN
  CREATE ROLE "mailshield_audit_retention" NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END
$$;

-- What the function does as that role: find and delete old events, nothing else.
DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO "mailshield_audit_retention"', current_schema());
END
$$;
GRANT SELECT, DELETE ON "audit_events" TO "mailshield_audit_retention";

-- Deletes up to `batch_size` events created before `cutoff`, oldest first; returns how
-- many. Whatever the cutoff, an event younger than a day stays: AUDIT_RETENTION_DAYS is at
-- least 1, so the job never needs more, and whoever may call this (the application's role)
-- cannot erase what just happened.
CREATE FUNCTION "audit_retention_delete"("cutoff" timestamptz, "batch_size" integer)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
  deleted integer;
BEGIN
  DELETE FROM "audit_events"
   WHERE "id" IN (SELECT "id" FROM "audit_events"
                   WHERE "created_at" < least("cutoff", now() - interval '1 day')
                   ORDER BY "created_at"
                   LIMIT "batch_size");
  GET DIAGNOSTICS deleted = ROW_COUNT;
  RETURN deleted;
END;
$$;

-- A SECURITY DEFINER function resolves names through a search path that no caller can
-- change (this schema, then pg_temp last), and only the role that ran the migrations (the
-- application's, unless a deployment gives it to another role) may call it. Its owner is
-- the retention role, so inside it, and only there, current_user is that role.
DO $$
BEGIN
  EXECUTE format(
    'ALTER FUNCTION "audit_retention_delete"(timestamptz, integer) SET search_path = %I, pg_temp',
    current_schema());
END
$$;
REVOKE ALL ON FUNCTION "audit_retention_delete"(timestamptz, integer) FROM PUBLIC;
-- Giving the function to the role takes acting as that role, which must be allowed to
-- create in the schema: a superuser may anyway; a migrating role that is not one (the
-- database's owner, allowed to create roles, as on managed PostgreSQL) takes both for this
-- block only, so no member of the role and no CREATE of it remain.
DO $$
DECLARE
  superuser boolean := (SELECT rolsuper FROM pg_roles WHERE rolname = current_user);
BEGIN
  IF NOT superuser THEN
    EXECUTE format('GRANT "mailshield_audit_retention" TO %I', current_user);
    EXECUTE format('GRANT CREATE ON SCHEMA %I TO "mailshield_audit_retention"', current_schema());
  END IF;
  ALTER FUNCTION "audit_retention_delete"(timestamptz, integer) OWNER TO "mailshield_audit_retention";
  EXECUTE format(
    'GRANT EXECUTE ON FUNCTION "audit_retention_delete"(timestamptz, integer) TO %I',
    current_user);
  IF NOT superuser THEN
    EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM "mailshield_audit_retention"', current_schema());
    EXECUTE format('REVOKE "mailshield_audit_retention" FROM %I', current_user);
  END IF;
END
$$;

-- The trigger of migration 20261129214840_audit_log, with the retention exception now the
-- retention role instead of the setting. The other two are unchanged: an organization's
-- deletion cascading to its events, and ON DELETE SET NULL of the acting user or token.
CREATE OR REPLACE FUNCTION "audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF current_user = 'mailshield_audit_retention' THEN
      RETURN OLD;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM "organizations" WHERE "id" = OLD."organization_id") THEN
      RETURN OLD;
    END IF;
  ELSIF TG_OP = 'UPDATE' THEN
    IF (NEW."id", NEW."organization_id", NEW."action", NEW."target_type", NEW."target_id",
        NEW."metadata", NEW."ip", NEW."created_at")
       IS NOT DISTINCT FROM
       (OLD."id", OLD."organization_id", OLD."action", OLD."target_type", OLD."target_id",
        OLD."metadata", OLD."ip", OLD."created_at")
       AND (NEW."actor_id" IS NOT DISTINCT FROM OLD."actor_id"
            OR (NEW."actor_id" IS NULL
                AND NOT EXISTS (SELECT 1 FROM "users" WHERE "id" = OLD."actor_id")))
       AND (NEW."actor_token_id" IS NOT DISTINCT FROM OLD."actor_token_id"
            OR (NEW."actor_token_id" IS NULL
                AND NOT EXISTS (SELECT 1 FROM "api_tokens" WHERE "id" = OLD."actor_token_id")))
    THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
