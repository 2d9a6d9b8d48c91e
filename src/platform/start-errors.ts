// Why a platform could not start, as one line that names the setting to change: a port in use, a
// port the user may not open, an address the machine does not have, a bad setting, or another
// voxcall already using the data directory. Anything else is a fault and keeps its stack.

import { ConfigError } from '../config.js';
import type { NodeRole } from '../config-node.js';
import { readServerFile, writerAlive } from './server-file.js';

export interface ListenSettings {
  host: string;
  port: number;
}

/** The line to print for an error at start, or undefined when it is not one the user can fix by a setting. */
export function startFailure(err: unknown, listen: ListenSettings | undefined): string | undefined {
  if (err instanceof ConfigError) return err.message;
  const code = (err as { code?: unknown } | null)?.code;
  if (!listen) return undefined;
  const where = `${listen.host.includes(':') ? `[${listen.host}]` : listen.host}:${listen.port}`;
  switch (code) {
    case 'EADDRINUSE':
      return `${where} is already in use: set VOXCALL_PORT to a free port (0 picks one), or VOXCALL_HOST to another address`;
    case 'EACCES':
      return `not allowed to listen on ${where} (ports below 1024 need privileges): set VOXCALL_PORT to 1024 or above, or VOXCALL_HOST to another address`;
    case 'EADDRNOTAVAIL':
      return `${listen.host} is not an address of this machine: set VOXCALL_HOST to one of its addresses (default 127.0.0.1)`;
    default:
      return undefined;
  }
}

/**
 * A line if another live voxcall already serves the APIs from the data directory (the CLI finds
 * the server by <dataDir>/server.json: two would fight over it). A dispatcher node has no API to
 * find and shares the store as any node may (docs/cluster.md), so it is never refused.
 */
export function dataDirTaken(dataDir: string, role: NodeRole = 'all'): string | undefined {
  if (role === 'dispatcher') return undefined;
  const file = readServerFile(dataDir);
  if (!file || file.pid === process.pid || !writerAlive(file)) return undefined;
  return `a voxcall (pid ${file.pid}) already runs from ${dataDir} at ${file.url}: stop it, or set VOXCALL_DATA_DIR to another directory (if that process is not voxcall, delete ${dataDir}/server.json)`;
}
