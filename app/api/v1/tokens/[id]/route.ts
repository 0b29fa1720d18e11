import { getTokenOperation, updateTokenOperation } from "@/app/api/v1/tokens/[id]/operations";
import { methodNotAllowed } from "@/lib/api/with-api-auth";

export const dynamic = "force-dynamic";

export const GET = getTokenOperation.handle;
export const PATCH = updateTokenOperation.handle;

const { notAllowed, options } = methodNotAllowed(["GET", "PATCH"]);
export const OPTIONS = options;
export const POST = notAllowed;
export const PUT = notAllowed;
export const DELETE = notAllowed;
