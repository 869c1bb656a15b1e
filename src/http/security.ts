import type { App, Kernel } from './deps.js';

// The web app loads only its own scripts, styles (Mantine sets inline style attributes), images
// and API; nobody may frame it (clickjacking an "acknowledge" or "resolve" button).
const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** Headers every answer carries, and a content security policy on the web app's pages. */
export function registerSecurityHeaders(app: App, deps: Kernel): void {
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    if (deps.config.cookieSecure) reply.header('strict-transport-security', 'max-age=31536000');
    const type = String(reply.getHeader('content-type') ?? '');
    // The API docs page (Swagger UI) brings its own inline scripts and policy; nothing is framed.
    if (type.startsWith('text/html')) {
      if (!req.url.startsWith('/api/v1/docs')) reply.header('content-security-policy', APP_CSP);
      reply.header('x-frame-options', 'DENY');
    }
    return payload;
  });
}
