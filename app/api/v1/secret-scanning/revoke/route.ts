import { revokeExposedTokensOperation } from "@/app/api/v1/secret-scanning/revoke/operations";
import { methodNotAllowed } from "@/lib/api/with-api-auth";

export const dynamic = "force-dynamic";

export const POST = revokeExposedTokensOperation.handle;

// Public like the operation: a wrong method is answered without a token too.
const { notAllowed, options } = methodNotAllowed(["POST"], { auth: "none" });
export const OPTIONS = options;
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
