import "server-only";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { domainIdsFromColumn } from "@/lib/sql";

// A token's domain selection (per-domain scoping), as the token services store and check it.

/** The stored selection (the JSON column) as the services speak it: null for all domains. */
export function storedDomainIds(value: Prisma.JsonValue | null): string[] | null {
  return domainIdsFromColumn(value);
}

/** The column's value for a selection: SQL NULL (Prisma.DbNull) for all domains. */
export function domainIdsColumn(
  ids: readonly string[] | null,
): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return ids === null ? Prisma.DbNull : [...ids];
}

/**
 * Throws a 422 on `domainIds` unless every id is a domain of the organization: another
 * organization's domain is refused with the same words as one that does not exist.
 */
export async function assertOrganizationDomains(
  tx: Prisma.TransactionClient,
  organizationId: string,
  ids: readonly string[] | null,
): Promise<void> {
  if (ids === null || ids.length === 0) return;
  const found = await tx.domain.findMany({
    where: { organizationId, id: { in: [...ids] } },
    select: { id: true },
  });
  const known = new Set(found.map((domain) => domain.id.toLowerCase()));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    const message = `No domain of this organization has the id ${unknown.join(", ")}`;
    throw new AppError("validation_error", message, { fieldErrors: { domainIds: [message] } });
  }
}
