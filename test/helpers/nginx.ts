// nginx started by a test from a generated copy of deploy/nginx/voxcall.conf: the upstream's
// servers replaced by the test's nodes, listening on a free port, with a temporary prefix (its
// temp paths and pid inside it), in the foreground, logging to stderr.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './node-process.js';

export interface Nginx {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

function nginxBinary(): string {
  for (const candidate of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx']) if (existsSync(candidate)) return candidate;
  const found = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).stdout.trim();
  if (found) return found;
  throw new Error('nginx is not installed: apt-get install nginx-light (the cluster test runs the api nodes behind it)');
}

/** The deployment's config with the test's upstream servers and port; the rest as shipped. */
export function testConfig(shipped: string, upstreams: string[], port: number, prefix: string): string {
  const servers = [...shipped.matchAll(/^(\s*)server \S+:\d+ (.*);$/gm)];
  if (servers.length === 0) throw new Error('deploy/nginx/voxcall.conf has no upstream server line');
  const [indent, params] = [servers[0]![1]!, servers[0]![2]!];
  const lines = upstreams.map((u) => `${indent}server ${u} ${params};`).join('\n');
  let conf = shipped.replace(servers[0]![0], lines);
  for (const s of servers.slice(1)) conf = conf.replace(`${s[0]}\n`, '');
  const temps = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `    ${t}_temp_path ${join(prefix, t)};`).join('\n');
  return conf
    .replace(/worker_processes \S+;/, 'worker_processes 1;')
    .replace(/^(\s*)listen \S+;$/m, `$1listen 127.0.0.1:${port};`)
    .replace(/^http \{$/m, `http {\n${temps}`);
}

export async function startNginx(upstreams: string[]): Promise<Nginx> {
  const bin = nginxBinary();
  const prefix = await mkdtemp(join(tmpdir(), 'voxcall-nginx-'));
  const port = await freePort();
  const shipped = await readFile(new URL('../../deploy/nginx/voxcall.conf', import.meta.url), 'utf8');
  const conf = join(prefix, 'nginx.conf');
  await writeFile(conf, testConfig(shipped, upstreams, port, prefix));
  const child: ChildProcess = spawn(bin, ['-p', prefix, '-c', conf, '-g', `daemon off; pid ${join(prefix, 'nginx.pid')}; error_log stderr;`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  // Listening once a request through it is answered by a node.
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ok = await fetch(`${url}/ready`).then((r) => r.status === 200, () => false);
    if (ok) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      await rm(prefix, { recursive: true, force: true });
      throw new Error(`nginx did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    output: () => out,
    async stop() {
      child.kill('SIGQUIT');
      await exited;
      await rm(prefix, { recursive: true, force: true });
    },
  };
}
