// Slow and never-finishing connections are bounded (timeouts, a connection cap), over real
// sockets: each test waits for the socket's close event (or the server's drop event), never a
// fixed time. The limits are configured small here; their defaults are in docs/connections.md.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { request } from 'undici';
import { loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/lib/clock.js';
import { startPlatform } from '../../src/platform/platform.js';
import { usePlatform, type TestPlatform } from '../helpers/platform.js';

interface Client {
  socket: Socket;
  /** Everything the server sent. */
  received(): string;
  /** Resolves when the connection is closed (by either side), with what was received. */
  closed: Promise<string>;
}

async function open(t: TestPlatform): Promise<Client> {
  const url = new URL(t.platform.url);
  const socket = connect(Number(url.port), url.hostname);
  let data = '';
  socket.setEncoding('utf8').on('data', (c: string) => (data += c));
  // A reset (the cap closing it at once) is a close too.
  socket.on('error', () => undefined);
  const closed = once(socket, 'close').then(() => data);
  await once(socket, 'connect');
  return { socket, received: () => data, closed };
}

/** Complete headers of a body that never comes in full. */
function slowBody(t: TestPlatform): string {
  return `POST /v1/apps HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${t.platform.adminToken}\r\n`
    + 'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"name":';
}

async function health(t: TestPlatform): Promise<number> {
  const res = await request(`${t.platform.url}/health`);
  await res.body.dump();
  return res.statusCode;
}

const LIMITS = {
  VOXCALL_HEADERS_TIMEOUT_S: '0.2',
  VOXCALL_REQUEST_TIMEOUT_S: '0.4',
  VOXCALL_KEEP_ALIVE_TIMEOUT_S: '0.3',
  VOXCALL_IDLE_TIMEOUT_S: '5',
  VOXCALL_MAX_CONNECTIONS: '4',
};

describe('timeouts', () => {
  const ctx = usePlatform({ env: LIMITS });

  test('complete headers and a body that never finishes: 408, then the connection is closed', async () => {
    const c = await open(ctx.t);
    c.socket.write(slowBody(ctx.t));
    assert.match(await c.closed, /^HTTP\/1\.1 408 /);
  });

  test('headers that never finish, or nothing at all: closed', async () => {
    const partial = await open(ctx.t);
    partial.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    const silent = await open(ctx.t);
    assert.match(await partial.closed, /^HTTP\/1\.1 408 /);
    assert.match(await silent.closed, /^HTTP\/1\.1 408 /);
  });

  test('an idle kept-alive connection is closed after its answer', async () => {
    const c = await open(ctx.t);
    c.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    const all = await c.closed;
    assert.match(all, /^HTTP\/1\.1 200 /);
    assert.match(all, /"status":"ok"/);
  });
});

describe('connection cap', () => {
  // Started by hand to read its log: the cap being reached is logged.
  const logged: Array<Record<string, unknown>> = [];
  const ctx = {} as { t: TestPlatform };
  before(async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'voxcall-cap-'));
    const config = loadConfig({ VOXCALL_DATA_DIR: dataDir, VOXCALL_PORT: '0', ...LIMITS });
    const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) });
    const platform = await startPlatform({ config, clock: new ManualClock(Date.UTC(2026, 10, 23)), logger });
    ctx.t = { platform, dataDir, close: async () => { await platform.close(); await rm(dataDir, { recursive: true, force: true }); } } as TestPlatform;
  });
  after(() => ctx.t.close());

  test('beyond the cap new connections are closed unanswered; once the slow ones time out the platform serves again', async () => {
    const { t } = ctx;
    const server = t.platform.server.server;
    assert.equal(server.maxConnections, 4);
    const cap = t.platform.config.http.maxConnections;
    const slow: Client[] = [];
    for (let i = 0; i < cap; i++) {
      const c = await open(t);
      c.socket.write(slowBody(t));
      slow.push(c);
    }
    // The next one is dropped as it is accepted: the server says so, the client sees it close.
    const dropped = once(server, 'drop');
    const extra = await open(t).catch(() => undefined);
    if (extra) {
      extra.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      assert.equal(await extra.closed, '', 'no answer beyond the cap');
    }
    await dropped;
    const warned = logged.filter((l) => l.maxConnections === 4);
    assert.deepEqual(warned.map((l) => [l.dropped, l.msg]), [[1, 'connection cap reached: new connections are closed unanswered (VOXCALL_MAX_CONNECTIONS)']]);
    // The slow connections are answered 408 and closed by the request timeout, freeing the slots.
    for (const c of slow) assert.match(await c.closed, /^HTTP\/1\.1 408 /);
    assert.equal(await health(t), 200);
    const apps = await request(`${t.platform.url}/v1/apps`, { headers: { authorization: `Bearer ${t.platform.adminToken}` } });
    assert.equal(apps.statusCode, 200);
    await apps.body.dump();
  });
});

describe('configuration', () => {
  test('defaults bound every connection; values are read from the environment', () => {
    assert.deepEqual(loadConfig({}).http, { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 72_000, idleTimeoutMs: 60_000, maxConnections: 512 });
    assert.deepEqual(loadConfig(LIMITS).http, { headersTimeoutMs: 200, requestTimeoutMs: 400, keepAliveTimeoutMs: 300, idleTimeoutMs: 5_000, maxConnections: 4 });
  });
  test('bad values stop the start with the variable named', () => {
    assert.throws(() => loadConfig({ VOXCALL_MAX_CONNECTIONS: '0' }), /VOXCALL_MAX_CONNECTIONS must be a number >= 1/);
    assert.throws(() => loadConfig({ VOXCALL_REQUEST_TIMEOUT_S: '0' }), /VOXCALL_REQUEST_TIMEOUT_S must be a number from 0.001 to 2147483/);
    assert.throws(() => loadConfig({ VOXCALL_HEADERS_TIMEOUT_S: '40' }), /VOXCALL_HEADERS_TIMEOUT_S \(40\) must not exceed VOXCALL_REQUEST_TIMEOUT_S \(30\)/);
  });
});
