/**
 * The Content-Security-Policy of the wizard, in Electron (app:// responses) and in browser mode.
 *
 * Only our own bundled scripts and styles run; nothing is fetched from anywhere else; no inline
 * script, no eval, no plugins, no framing. 'self' also covers the browser-mode WebSocket, which is
 * same-origin. See https://www.electronjs.org/docs/latest/tutorial/security#7-define-a-content-security-policy
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Headers sent with every page and asset, in both hosts. */
export const securityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  // The browser-mode token is in the address: never send it on to anyone.
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
