import { unknownRouteHandlers } from "@/lib/api/route-handlers";

// Any /api/v1 path without a route of its own, /api/v1 itself included: authenticated and
// limited like every API request, then a JSON 404 for every method.

export const dynamic = "force-dynamic";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = unknownRouteHandlers();
