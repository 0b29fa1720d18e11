-- AlterTable: the template a token was created from (lib/rules/token-templates.ts), null for
-- a token made from scratch or before templates. No CHECK: the list of templates lives in
-- the code, which reads an id it no longer knows as none.
ALTER TABLE "api_tokens" ADD COLUMN "template" VARCHAR(40);
