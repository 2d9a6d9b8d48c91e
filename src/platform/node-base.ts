// What every node role starts from: its logger, its two clocks, its data directory and its store.

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { removeAbandonedUploads } from '../api/manage/upload-leftovers.js';
import { scaledClock, systemClock, type Clock } from '../lib/clock.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/types.js';
import { createLogger } from './logger.js';

/** A key kept in the data directory, made on first use (recording links must outlive a restart). */
export async function keptSecret(dataDir: string, name: string): Promise<string> {
  const file = join(dataDir, name);
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const key = randomBytes(32).toString('base64url');
  await writeFile(file, key, { mode: 0o600 });
  return key;
}

export interface NodeBase {
  logger: Logger;
  /** The simulated world's clock: calls, push schedules. */
  clock: Clock;
  /** The wall clock: signatures, lockouts, link expiry, heartbeats. */
  wall: Clock;
  store: Store;
  recordingsDir: string;
  mediaDir: string;
}

export async function nodeBase(
  opts: { config: Config; clock?: Clock; wallClock?: Clock; store?: Store; logger?: Logger },
  needs: { media: boolean },
): Promise<NodeBase> {
  const { config } = opts;
  const logger = opts.logger ?? createLogger({ level: config.logLevel });
  // Calls and push schedules run on the simulated world's clock; what a client signs (Created)
  // and what a link's expiry means stay on the wall clock.
  const clock = opts.clock ?? scaledClock(config.networkSpeed);
  const wall = opts.wallClock ?? systemClock;
  const recordingsDir = join(config.dataDir, 'recordings');
  const mediaDir = join(config.dataDir, 'media');
  await mkdir(config.dataDir, { recursive: true });
  if (needs.media) {
    await mkdir(recordingsDir, { recursive: true });
    const abandoned = await removeAbandonedUploads(mediaDir);
    if (abandoned.length > 0) logger.warn({ files: abandoned }, 'removed uploads a previous run left unfinished');
  }
  // Several nodes may share the store: each one's calls are stamped with its id (docs/cluster.md).
  const store = opts.store ?? (await openStore(config, wall));
  return { logger, clock, wall, store, recordingsDir, mediaDir };
}
