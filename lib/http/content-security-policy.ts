// The Content-Security-Policy, written once for the proxy (HTML pages: with a fresh script
// nonce per response) and next.config.ts (every other response: no inline script at all).
//
// Scripts run only with the nonce, which Next puts on its own bootstrap and chunk scripts
// when it finds the policy on the request ('strict-dynamic' lets those load the rest of
// the bundle): an injected inline <script> has no nonce and is blocked. Styles keep
// 'unsafe-inline': React and Radix set style attributes, which a nonce cannot cover, and a
// style cannot run code. 'unsafe-eval' and websocket connections are for the dev server's
// hot reload only.

interface PolicyOptions {
  /** The nonce of this response's scripts; without one no inline script may run. */
  nonce?: string;
  devServer: boolean;
}

export function contentSecurityPolicy({ nonce, devServer }: PolicyOptions): string {
  const scripts = ["'self'"];
  if (nonce) scripts.push(`'nonce-${nonce}'`, "'strict-dynamic'");
  if (devServer) scripts.push("'unsafe-eval'");
  return [
    "default-src 'self'",
    `script-src ${scripts.join(" ")}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${devServer ? " ws: wss:" : ""}`,
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
}

/** 128 random bits, base64: unguessable, and new for every response. */
export function newScriptNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
