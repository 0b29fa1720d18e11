import { getSelfTokenOperation } from "@/app/api/v1/tokens/self/operations";
import { methodNotAllowed } from "@/lib/api/with-api-auth";

export const dynamic = "force-dynamic";

export const GET = getSelfTokenOperation.handle;

const { notAllowed, options } = methodNotAllowed(["GET"]);
export const OPTIONS = options;
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
