// No CLI command sends the admin token anywhere but the configured server. Every command of the
// tree (walked from the program itself, so a command added later is covered without editing this
// file) runs as a real `voxcall` process against a real HTTP server playing voxcall, with every
// URL it takes pointing at a second receiver. The second receiver must never see an
// Authorization header: not from a URL argument, not through a redirect.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Command } from 'commander';
import { program } from '../../src/cli/main.js';
import { globalOptionClashes } from '../../src/cli/global-options.js';
import { runCli } from '../helpers/cli.js';
import { wavBytes } from '../manage/wav.js';

const TOKEN = 'the-admin-token-of-the-real-server-0123456789';

interface Seen { method: string; path: string; headers: IncomingHttpHeaders }

/** A real HTTP server that records what it is sent and answers as told. */
class Recorder {
  readonly seen: Seen[] = [];
  url = '';
  #server: Server;
  constructor(answer: (n: number, path: string) => { status: number; headers?: Record<string, string>; body?: string }) {
    this.#server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        this.seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
        const a = answer(this.seen.length, req.url ?? '');
        res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers }).end(a.body ?? '');
      });
    });
  }
  async start(): Promise<this> {
    await new Promise<void>((r) => this.#server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }
  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((r) => this.#server.close(() => r()));
  }
}

interface Leaf { path: string[]; cmd: Command }

function leaves(cmd: Command, path: string[] = []): Leaf[] {
  if (cmd.commands.length === 0) return [{ path, cmd }];
  return cmd.commands.flatMap((sub) => leaves(sub, [...path, sub.name()]));
}

const takesUrl = (name: string) => /url/i.test(name);
const VALUES: Record<string, string> = { app: 'app_x', format: 'vsp', receives: 'both' };

/** A command line for the leaf: its arguments, its mandatory options, and every URL it takes set to `elsewhere`. */
function argsFor(leaf: Leaf, elsewhere: string, file: string): string[] {
  const args = [...leaf.path];
  for (const a of leaf.cmd.registeredArguments) {
    const name = a.name();
    const value = takesUrl(name) ? `${elsewhere}/arg` : /file/i.test(name) ? file : `x_${name}`;
    args.push(...(a.variadic ? [value, `${value}_2`] : [value]));
  }
  for (const o of leaf.cmd.options) {
    if (!o.long || o.negate) continue;
    const name = o.attributeName();
    if (takesUrl(o.flags) && (o.required || o.optional)) args.push(o.long, `${elsewhere}/${name}`);
    else if (o.mandatory) args.push(o.long, VALUES[name] ?? 'x1');
  }
  return args;
}

/** `voxcall` with the token in the environment and no server given (so none is inherited either). */
const voxcall = (args: string[], dataDir: string) => runCli(args, { VOXCALL_ADMIN_TOKEN: TOKEN, VOXCALL_DATA_DIR: dataDir }, 60_000);

/** Runs fn over items, at most `width` at a time (child processes on a small machine). */
async function pool<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  }));
  return results;
}

let dataDir = '';
let wav = '';
before(async () => {
  // An empty data directory: no token file, no server.json; the token comes from the environment.
  dataDir = await mkdtemp(join(tmpdir(), 'voxcall-token-safety-'));
  wav = join(dataDir, 'hello.wav');
  await writeFile(wav, wavBytes({ codec: 7, bits: 8 }));
});
after(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

test('no command defines an option that a global option would take from it', () => {
  assert.deepEqual(globalOptionClashes(program), []);
  assert.deepEqual(program.options.map((o) => o.long).sort(), ['--json', '--server', '--token', '--version']);
});

test('every command sends the token to the configured server only', async () => {
  const all = leaves(program);
  assert.ok(all.length >= 38, `the walk found ${all.length} commands`);
  const results = await pool(all, 4, async (leaf) => {
    const elsewhere = await new Recorder(() => ({ status: 200, body: '{}' })).start();
    // The first request is answered with JSON naming the other receiver wherever a URL could be
    // taken from; any later one is redirected there (a command that follows either leaks).
    const server = await new Recorder((n, path) => n > 1
      ? { status: 307, headers: { location: `${elsewhere.url}${path}` } }
      : { status: 200, body: JSON.stringify({ url: `${elsewhere.url}/x`, location: `${elsewhere.url}/x`, link: `${elsewhere.url}/x`, nextCursor: `${elsewhere.url}/x` }) }).start();
    try {
      const args = ['--server', server.url, ...argsFor(leaf, elsewhere.url, wav)];
      const run = await voxcall(args, dataDir);
      return { name: leaf.path.join(' '), args, run, server: server.seen, elsewhere: elsewhere.seen };
    } finally {
      await server.close();
      await elsewhere.close();
    }
  });

  for (const r of results) {
    const leaked = r.elsewhere.filter((s) => s.headers.authorization !== undefined);
    assert.deepEqual(leaked.map((s) => `${s.method} ${s.path}`), [], `voxcall ${r.args.join(' ')} sent the token elsewhere`);
    for (const s of r.server) assert.equal(s.headers.authorization, `Bearer ${TOKEN}`, `${r.name}: ${s.method} ${s.path}`);
    if (r.server.length > 1) assert.match(r.run.stderr, /follows no redirect/, `${r.name} took a redirect for an answer`);
  }
  // Not vacuous: most commands reached the server (the others stopped at their own argument checks),
  // and the commands that take a push URL were given the other receiver's.
  const reached = results.filter((r) => r.server.length > 0);
  const silent = results.filter((r) => r.server.length === 0).map((r) => `${r.name}: ${r.run.stderr.split('\n')[0]}`);
  assert.ok(reached.length >= all.length * 0.75, `only ${reached.length} of ${all.length} commands reached the server:\n${silent.join('\n')}`);
  for (const name of ['subscriptions add', 'subscriptions update']) {
    const r = results.find((x) => x.name === name)!;
    assert.ok(r.args.includes('--url') && r.server.length === 1, `${name} ${r.args.join(' ')}: ${r.run.stderr}`);
  }
  assert.ok(results.some((r) => r.server.length > 1), 'some command made a second request and met the redirect');
});
