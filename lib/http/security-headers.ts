// Headers on every response (proxy.ts sets them, refusals included). The policy is as tight as the built
// app allows: Next inlines its bootstrap scripts and React sets inline styles, hence 'unsafe-inline';
// nothing is loaded from another origin. frame-ancestors and X-Frame-Options stop other sites from
// framing the dashboard (clickjacking its buttons); share tokens live in URL paths (/s/<token>), so the
// Referer never leaves this origin.

export function contentSecurityPolicy({ dev = false }: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    // The dev server evaluates modules for fast refresh; a production build needs no eval.
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders({ dev = false }: { dev?: boolean } = {}): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy({ dev }),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
  };
}
