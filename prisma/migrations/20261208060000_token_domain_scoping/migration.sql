-- Per-domain scoping: the domains a token may touch, as a JSON array of domain ids; NULL
-- means every domain of the organization, including those added later. An empty array
-- means none (deleting a token's last selected domain leaves it empty, never NULL).
ALTER TABLE "api_tokens" ADD COLUMN "domain_ids" JSONB;

-- The domain a request touched (set by the domain operations), for the Access Logs' domain
-- filter. No foreign key: the log outlives a deleted domain.
ALTER TABLE "api_request_logs" ADD COLUMN "domain_id" UUID;
CREATE INDEX "api_request_logs_organization_id_domain_id_created_at_id_idx"
  ON "api_request_logs" ("organization_id", "domain_id", "created_at" DESC, "id" DESC);
