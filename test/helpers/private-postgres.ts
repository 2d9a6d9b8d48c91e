// A PostgreSQL cluster of the test's own, for tests that stop and start the server (an outage).
// The shared development/CI server must never be stopped: other tests use it at the same time.
// Same recipe as scripts/pg/with-postgres.sh: initdb into a temp dir, start on a free 127.0.0.1
// port with fsync off (test data only), as the `postgres` user when running as root (initdb
// refuses root). stop() and start() keep the port and the data, so clients reconnect to the same URL.

import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PrivatePostgres {
  /** postgres://voxcall@127.0.0.1:<port>/postgres (trust authentication). */
  url: string;
  port: number;
  /** Stops the server (fast mode: sessions are terminated, as in an administrator's restart). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it if running and deletes its directory. */
  destroy(): Promise<void>;
}

/** The directory of initdb and pg_ctl: PATH first, then Debian's /usr/lib/postgresql/<version>/bin. */
function findBinDir(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  // The newest version installed, as the script's loop ends on the last one.
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(a) - Number(b));
  const last = versions.at(-1);
  return last === undefined ? undefined : join(root, last, 'bin');
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = findBinDir();
  if (!bin) throw new Error('this test needs PostgreSQL server binaries (initdb, pg_ctl), not found in PATH nor /usr/lib/postgresql/*/bin: apt-get install -y postgresql');
  const dir = await mkdtemp(join(tmpdir(), 'voxcall-pg-private-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  // initdb refuses to run as root: the server runs as the postgres user (Debian's package makes it).
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const as = (tool: string, args: string[]) => (asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : run(join(bin, tool), args));
  const port = await freePort();
  const log = join(dir, 'server.log');
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const withLog = async (what: string, work: Promise<unknown>) => {
    try {
      await work;
    } catch (err) {
      const tail = await readFile(log, 'utf8').catch(() => '');
      throw new Error(`private PostgreSQL: ${what} failed: ${(err as Error).message}\n${tail.slice(-2000)}`);
    }
  };
  let running = false;
  const api: PrivatePostgres = {
    url: `postgres://voxcall@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      await withLog('pg_ctl start', as('pg_ctl', ['-D', data, '-l', log, '-w', '-o', options, 'start']));
      running = true;
    },
    async stop() {
      await withLog('pg_ctl stop', as('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']));
      running = false;
    },
    async destroy() {
      if (running) await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
      running = false;
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await withLog('initdb', as('initdb', ['-D', data, '-U', 'voxcall', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']));
    await api.start();
  } catch (err) {
    await api.destroy();
    throw err;
  }
  return api;
}
