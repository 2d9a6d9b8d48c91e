// Runs SIPp as a far end: writes a scenario into a temp dir, spawns sipp on a free port, waits
// until it listens, and reports its exit code and error log. Exit code 0 means the scenario's
// whole message flow happened (our ACKs included).

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function requireSipp(): void {
  const r = spawnSync('sipp', ['-v'], { encoding: 'utf8' });
  if (r.error || !/SIPp v3/.test(`${r.stdout}${r.stderr}`)) throw new Error('sipp (SIPp 3.x) is not installed: apt-get install -y sip-tester');
}

/** A UDP port nobody holds right now (bound and released). */
export async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/**
 * Whether process pid holds a socket bound to port: its inode in /proc/net/{udp,tcp} is among the
 * process's descriptors. Not merely "someone holds the port", which another test could.
 */
function holds(pid: number, port: number, transport: 'udp' | 'tcp'): boolean {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of [`/proc/net/${transport}`, `/proc/net/${transport}6`]) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[1]?.endsWith(`:${hex}`) && cols[9]) inodes.add(cols[9]);
    }
  }
  if (inodes.size === 0) return false;
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        return m !== null && inodes.has(m[1]!);
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

export interface SippResult {
  code: number | null;
  errors: string;
}

export interface Sipp {
  port: number;
  /** 'sip:127.0.0.1:PORT;transport=udp' */
  uri: string;
  /** Resolves when sipp exits. */
  exited: Promise<SippResult>;
  /** Waits for the exit (killing it after budgetMs). */
  result(budgetMs?: number): Promise<SippResult>;
  kill(): void;
}

export interface SippOptions {
  name: string;
  xml: string;
  /** Calls to handle before exiting (-m). */
  calls?: number;
  /** SIP over TCP (-t t1) instead of UDP. */
  transport?: 'udp' | 'tcp';
  /** Run as the caller (UAC) towards this host:port instead of listening. */
  target?: string;
  /** This SIPp is the network's trunk: the OPTIONS ping at start counts as one more call (default true). */
  pinged?: boolean;
  args?: string[];
}

export async function startSipp(o: SippOptions): Promise<Sipp> {
  // A free port can be taken again before sipp binds it (other tests run alongside): then sipp
  // exits at once and we try again with new ports, in a new directory (the old one is removed).
  for (let attempt = 1; ; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), `sipp-${o.name}-`));
    const file = join(dir, `${o.name}.xml`);
    writeFileSync(file, o.xml);
    const port = await freeUdpPort();
    const mediaPort = await freeUdpPort();
    const child = spawn('sipp', [
      '-sf', file, '-i', '127.0.0.1', '-p', String(port), '-mi', '127.0.0.1', '-mp', String(mediaPort),
      '-m', String((o.calls ?? 1) + (o.pinged === false || o.target !== undefined ? 0 : 1)), '-nostdin', '-timeout', '60s', '-timeout_error', '-trace_err',
      ...(o.transport === 'tcp' ? ['-t', 't1'] : []),
      ...(o.target !== undefined ? [o.target] : []),
      ...(o.args ?? []),
    ], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<SippResult>((resolve) => {
      let finished = false;
      const done = (code: number | null, extra = '') => {
        if (finished) return;
        finished = true;
        const logs = readdirSync(dir).filter((f) => f.endsWith('_errors.log')).map((f) => readFileSync(join(dir, f), 'utf8'));
        resolve({ code, errors: [extra, stderr, ...logs].join('\n').trim() });
        rmSync(dir, { recursive: true, force: true });
      };
      child.on('error', (err) => done(null, `cannot run sipp: ${err.message} (apt-get install -y sip-tester)`));
      child.on('exit', (code) => done(code));
    });
    const started = await listening(child, port, o.transport ?? 'udp', exited);
    if (started) return handle(child, port, o.transport ?? 'udp', exited);
    const r = await exited;
    if (attempt >= 3) throw new Error(`sipp did not start: ${r.errors}`);
  }
}

async function listening(child: ChildProcess, port: number, transport: 'udp' | 'tcp', exited: Promise<SippResult>): Promise<boolean> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && !gone) {
    if (child.pid !== undefined && holds(child.pid, port, transport)) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  if (!gone) child.kill('SIGKILL');
  return false;
}

function handle(child: ChildProcess, port: number, transport: 'udp' | 'tcp', exited: Promise<SippResult>): Sipp {
  return {
    port,
    uri: `sip:127.0.0.1:${port};transport=${transport}`,
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    async result(budgetMs = 10_000) {
      const timer = setTimeout(() => child.kill('SIGKILL'), budgetMs);
      const r = await exited;
      clearTimeout(timer);
      return r;
    },
  };
}
