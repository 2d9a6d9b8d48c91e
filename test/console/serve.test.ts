// How the platform serves the console: /console redirects to /console/, the built files come with
// their security headers, and a checkout whose console is not built says how to build it.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { CONSOLE_DIST, NOT_BUILT, registerConsole } from '../../src/console/serve.js';

test('the built console is served at /console/ with its CSP; /console redirects there', async () => {
  const app = Fastify();
  registerConsole(app);
  const redirect = await app.inject('/console');
  assert.deepEqual([redirect.statusCode, redirect.headers.location], [301, '/console/']);
  const index = await app.inject('/console/');
  assert.equal(index.statusCode, 200, `is the console built in ${CONSOLE_DIST}? (npm run build:console)`);
  assert.match(index.body, /<div id="app"><\/div>/);
  assert.match(String(index.headers['content-security-policy']), /default-src 'self'; script-src 'self'/);
  assert.equal(index.headers['cache-control'], 'no-cache');
  const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(index.body)?.[1];
  assert.ok(script, 'index.html names its script');
  const js = await app.inject(script);
  assert.equal(js.statusCode, 200);
  assert.match(String(js.headers['cache-control']), /immutable/);
  await app.close();
});

test('a console that is not built answers 503 saying how to build it', async () => {
  const app = Fastify();
  registerConsole(app, '/nonexistent/console/dist');
  const res = await app.inject('/console/');
  assert.deepEqual([res.statusCode, res.body], [503, NOT_BUILT]);
  await app.close();
});
