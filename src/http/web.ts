import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { NotFoundError } from '../core/errors.js';
import type { App } from './deps.js';
import { sendProblem } from './problem.js';

/** Finds web/dist whether running from src/ (tsx) or dist/ (built). */
export function webRoot(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, 'web', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    dir = dirname(dir);
  }
  return null;
}

/** Paths the web app never answers: the kernel's own; domains add their public prefixes. */
const KERNEL_PATHS = ['/api', '/healthz', '/readyz', '/metrics'];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Vite names what it puts in assets/ by content hash: a new build is a new name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves the built web app; unknown paths fall back to index.html for client routing, except
 * the kernel's paths and the domains' public prefixes (`reserved`), which answer 404 problems.
 */
export async function registerWeb(app: App, reserved: readonly string[] = [], opts: { sourceMaps?: boolean } = {}): Promise<void> {
  const prefixes = [...KERNEL_PATHS, ...reserved].map((p) => escape(p.replace(/\/$/, '')));
  const notApp = new RegExp(`^(${prefixes.join('|')})(/|$)`);
  const root = webRoot();
  // The build keeps source maps for debugging; they show the source, so only on request.
  const serveMaps = opts.sourceMaps === true;
  if (root) {
    const assets = join(root, 'assets') + sep;
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      index: ['index.html'],
      // scripts/build.mjs writes .br and .gz beside each asset; Accept-Encoding picks one.
      preCompressed: true,
      allowedPath: (path) => serveMaps || !path.endsWith('.map'),
      cacheControl: false,
      setHeaders: (res, path) => {
        // Hashed assets never change; index.html names the current ones, so it is revalidated.
        res.setHeader('cache-control', path.startsWith(assets) ? IMMUTABLE : 'no-cache');
        // The same URL answers br, gzip or plain by Accept-Encoding: caches must keep them apart.
        res.setHeader('vary', 'accept-encoding');
      },
    });
  } else app.log.warn('web/dist not found: the web app is not built (run npm run build)');
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    // A missing file (an old asset, a source map not served) is a 404, never the app's page.
    const isApp = req.method === 'GET' && !notApp.test(path) && !path.startsWith('/assets/');
    if (root && isApp && (req.headers.accept ?? '').includes('text/html')) return reply.sendFile('index.html');
    return sendProblem(req, reply, new NotFoundError(`Route ${req.method} ${path}`));
  });
}
