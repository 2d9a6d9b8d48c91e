// `<dataDir>/server.json`: where the platform that uses this data directory listens, written once
// it listens and removed when it closes. The CLI reads it to find a server started on any port, and
// sends the token kept in the same directory to that server only (src/cli/server.ts).

import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SERVER_FILE = 'server.json';

export interface ServerFile {
  /** Where a client on this machine reaches the platform (a wildcard host becomes loopback). */
  url: string;
  /** The process that listens; a file whose process is gone is stale (a crash). */
  pid: number;
  startedAt: string;
}

/** The URL a local client uses for a listener on host:port (0.0.0.0 and :: are not addresses to dial). */
export function localUrl(host: string, port: number): string {
  const dial = host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${dial.includes(':') ? `[${dial}]` : dial}:${port}`;
}

/** Writes the file atomically (a reader never sees half of it). */
export function writeServerFile(dataDir: string, url: string): ServerFile {
  const content: ServerFile = { url, pid: process.pid, startedAt: new Date().toISOString() };
  const file = join(dataDir, SERVER_FILE);
  writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(content, null, 2) + '\n');
  renameSync(`${file}.${process.pid}.tmp`, file);
  return content;
}

/** Removes the file if it is still the one this platform wrote (another may have started since). */
export function removeServerFile(dataDir: string, written: ServerFile): void {
  const current = readServerFile(dataDir);
  if (current && current.pid === written.pid && current.url === written.url && current.startedAt === written.startedAt) {
    rmSync(join(dataDir, SERVER_FILE), { force: true });
  }
}

/** The file's content, or undefined when there is none or it is not one of ours. */
export function readServerFile(dataDir: string): ServerFile | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(dataDir, SERVER_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  const f = parsed as Partial<ServerFile> | null;
  if (!f || typeof f.url !== 'string' || typeof f.pid !== 'number' || typeof f.startedAt !== 'string') return undefined;
  return { url: f.url, pid: f.pid, startedAt: f.startedAt };
}

/** Whether the process that wrote the file still runs (EPERM: it runs, as another user). */
export function writerAlive(file: ServerFile): boolean {
  try {
    process.kill(file.pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}
