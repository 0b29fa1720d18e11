import { createTokenOperation, listTokensOperation } from "@/app/api/v1/tokens/operations";
import { methodNotAllowed } from "@/lib/api/with-api-auth";

export const dynamic = "force-dynamic";

export const GET = listTokensOperation.handle;
export const POST = createTokenOperation.handle;

const { notAllowed, options } = methodNotAllowed(["GET", "POST"]);
export const OPTIONS = options;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
