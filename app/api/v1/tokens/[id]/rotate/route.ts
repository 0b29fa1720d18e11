import { rotateTokenOperation } from "@/app/api/v1/tokens/[id]/rotate/operations";
import { methodNotAllowed } from "@/lib/api/with-api-auth";

export const dynamic = "force-dynamic";

export const POST = rotateTokenOperation.handle;

const { notAllowed, options } = methodNotAllowed(["POST"]);
export const OPTIONS = options;
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
