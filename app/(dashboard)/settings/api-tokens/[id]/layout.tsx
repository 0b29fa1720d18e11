import type * as React from "react";
import { loadToken } from "./load-token";

/**
 * Looks the token up before the page streams: an unknown id then answers HTTP 404 (with
 * api-tokens/not-found.tsx). Thrown from the page itself, inside loading.tsx's Suspense
 * boundary, notFound() came after the 200 status had gone out with the skeleton. The page
 * reads the same lookup (loadToken is cached per request).
 */
export default async function TokenLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ id: string }>;
}) {
  await loadToken((await params).id);
  return children;
}
