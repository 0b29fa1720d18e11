import { deleteDomainOperation, getDomainOperation } from "@/app/api/v1/domains/[id]/operations";
import { methodNotAllowed } from "@/lib/api/with-api-auth";

export const dynamic = "force-dynamic";

export const GET = getDomainOperation.handle;
export const DELETE = deleteDomainOperation.handle;

const { notAllowed, options } = methodNotAllowed(["GET", "DELETE"]);
export const OPTIONS = options;
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
