import { unknownApiRoute } from "@/lib/api/with-api-auth";

// Any /api/v1 path without a route of its own, /api/v1 itself included: authenticated and
// limited like every API request, then a JSON 404 for every method.

export const dynamic = "force-dynamic";

export const GET = unknownApiRoute;
export const HEAD = unknownApiRoute;
export const POST = unknownApiRoute;
export const PUT = unknownApiRoute;
export const PATCH = unknownApiRoute;
export const DELETE = unknownApiRoute;
export const OPTIONS = unknownApiRoute;
