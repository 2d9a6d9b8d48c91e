// The console at /console/: the files `vite build console` wrote to console/dist (npm install runs
// it), served as they are by the platform's own HTTP server. The console is a client of the
// management API only; this serves files and nothing else (no route of its own under /v1).

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const CONSOLE_PATH = '/console/';
export const CONSOLE_DIST = fileURLToPath(new URL('../../console/dist/', import.meta.url));

/**
 * Only this origin's scripts, styles and API; recordings may be on VOXCALL_PUBLIC_URL (another
 * origin), so media may come from any http(s) origin, and from blob: (a voice file fetched with the
 * token). No frames, no plugins, no inline script.
 */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob: http: https:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

export const NOT_BUILT = 'the console is not built: run `npm run build:console` (npm install and npm ci run it)\n';

export function registerConsole(app: FastifyInstance, dist = CONSOLE_DIST): void {
  app.get('/console', (_request, reply) => reply.redirect(CONSOLE_PATH, 301));
  if (!existsSync(`${dist}/index.html`)) {
    app.get('/console/*', (_request, reply) => reply.code(503).type('text/plain; charset=utf-8').send(NOT_BUILT));
    return;
  }
  app.register(fastifyStatic, {
    root: dist,
    prefix: CONSOLE_PATH,
    decorateReply: false,
    index: ['index.html'],
    // Hashed asset names change with their content: cached for good. index.html is checked every time.
    setHeaders(res, path) {
      res.setHeader('content-security-policy', CSP);
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('cache-control', path.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
    },
    cacheControl: false,
  });
}
