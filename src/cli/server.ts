// Which voxcall the CLI talks to and with which token. The server is --server, else VOXCALL_SERVER
// (VOXCALL_URL, its older name), else the address the platform wrote in <data dir>/server.json,
// else http://127.0.0.1:8080. The token is --token, else VOXCALL_ADMIN_TOKEN, else
// <data dir>/admin-token, and that kept token goes only to the server that wrote the same data
// directory's server.json: it is that server's token, not one for whatever --server names.

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ADMIN_TOKEN_FILE } from '../api/manage/token.js';
import { readServerFile, SERVER_FILE, writerAlive, type ServerFile } from '../platform/server-file.js';
import { CliError } from './errors.js';

export const DEFAULT_SERVER = 'http://127.0.0.1:8080';

export interface Target {
  /** The server's base: origin and an optional path prefix, without a trailing slash. */
  base: URL;
  /** Where the server address came from, for messages. */
  serverFrom: string;
  token: string;
  /** Where the token came from, for messages (never the token itself). */
  tokenFrom: string;
}

type Env = Record<string, string | undefined>;

/** A server address the CLI accepts: http(s), no credentials, query or fragment; a path is a prefix. */
export function parseServer(raw: string, from: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(`${from} is not a URL: "${raw}" (e.g. http://127.0.0.1:8080)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`${from} must be an http:// or https:// URL, got "${raw}"`);
  if (url.username || url.password || url.search || url.hash) throw new CliError(`${from} takes a scheme, host, port and optional path only, got "${raw}"`);
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

/** The same server: same origin and same path prefix. */
export const sameServer = (a: URL, b: URL): boolean => a.origin === b.origin && a.pathname === b.pathname;

export const dataDirOf = (env: Env): string => resolve(env.VOXCALL_DATA_DIR || './data');

function serverOf(flag: string | undefined, env: Env, running: ServerFile | undefined, dataDir: string): { base: URL; from: string } {
  if (flag !== undefined) return { base: parseServer(flag, '--server'), from: '--server' };
  const { VOXCALL_SERVER: named, VOXCALL_URL: older } = env;
  if (named && older && named !== older) {
    throw new CliError(`VOXCALL_SERVER (${named}) and VOXCALL_URL (${older}) differ: VOXCALL_URL is the older name of VOXCALL_SERVER, unset one`);
  }
  if (named) return { base: parseServer(named, 'VOXCALL_SERVER'), from: 'VOXCALL_SERVER' };
  if (older) return { base: parseServer(older, 'VOXCALL_URL'), from: 'VOXCALL_URL' };
  if (running) return { base: parseServer(running.url, join(dataDir, SERVER_FILE)), from: join(dataDir, SERVER_FILE) };
  return { base: parseServer(DEFAULT_SERVER, 'the default server'), from: 'the default: no --server, VOXCALL_SERVER or server.json' };
}

/** Resolves server and token; throws a CliError that says what to set when they do not fit. */
export function resolveTarget(opts: { server?: string; token?: string }, env: Env): Target {
  const dataDir = dataDirOf(env);
  const file = readServerFile(dataDir);
  const running = file && writerAlive(file) ? file : undefined;
  const { base, from: serverFrom } = serverOf(opts.server, env, running, dataDir);

  if (opts.token) return { base, serverFrom, token: opts.token, tokenFrom: 'given by --token' };
  if (env.VOXCALL_ADMIN_TOKEN) return { base, serverFrom, token: env.VOXCALL_ADMIN_TOKEN, tokenFrom: 'from VOXCALL_ADMIN_TOKEN' };

  const tokenFile = join(dataDir, ADMIN_TOKEN_FILE);
  if (!existsSync(tokenFile)) {
    throw new CliError(`no management token: pass --token or set VOXCALL_ADMIN_TOKEN, or run where voxcall keeps its data (${tokenFile} is missing; VOXCALL_DATA_DIR names the directory)`);
  }
  if (!running) {
    const why = file ? `its ${SERVER_FILE} names process ${file.pid}, which has exited` : `there is no ${join(dataDir, SERVER_FILE)}`;
    throw new CliError(`${tokenFile} is the token of the voxcall using ${dataDir}, which is not running (${why}): start it (npm start), or pass --server and --token`);
  }
  const owner = parseServer(running.url, SERVER_FILE);
  if (!sameServer(owner, base)) {
    throw new CliError(`${tokenFile} is the token of the voxcall at ${owner.href.replace(/\/$/, '')} (${join(dataDir, SERVER_FILE)}); it is not sent to ${base.href.replace(/\/$/, '')}: pass --token or set VOXCALL_ADMIN_TOKEN for that server`);
  }
  return { base, serverFrom, token: readFileSync(tokenFile, 'utf8').trim(), tokenFrom: `read from ${tokenFile}` };
}
