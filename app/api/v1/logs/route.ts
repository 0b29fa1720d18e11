import { listLogsOperation } from "@/app/api/v1/logs/operations";
import { methodNotAllowed } from "@/lib/api/with-api-auth";

export const dynamic = "force-dynamic";

export const GET = listLogsOperation.handle;

const { notAllowed, options } = methodNotAllowed(["GET"]);
export const OPTIONS = options;
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
