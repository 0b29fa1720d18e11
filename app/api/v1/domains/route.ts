import { createDomainOperation, listDomainsOperation } from "@/app/api/v1/domains/operations";
import { methodNotAllowed } from "@/lib/api/with-api-auth";

export const dynamic = "force-dynamic";

export const GET = listDomainsOperation.handle;
export const POST = createDomainOperation.handle;

const { notAllowed, options } = methodNotAllowed(["GET", "POST"]);
export const OPTIONS = options;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
