// All settings in one place. The environment is read here and nowhere else; modules receive the
// parts they need. Every value has a default that runs the embedded platform on one machine.

import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { ConfigError } from './config-error.js';
import { networkConfigOf, type NetworkConfig } from './config-network.js';
import { nodeConfigOf, type NodeConfig } from './config-node.js';
import { storeConfigOf, type StoreConfig } from './config-store.js';
import { trustProxyOf } from './config-proxy.js';
import { MAX_TIMEOUT_MS } from './lib/clock.js';

export type Profile = 'development' | 'production';

export interface Config {
  /** `production` tightens defaults meant for one machine (push targets); `development` is the default. */
  profile: Profile;
  host: string;
  port: number;
  /** Base URL the platform is reached at, used in recording download links (required in production). */
  publicUrl?: string;
  /** Without publicUrl, the Host names a recording link may be built from (src/api/public-base.ts). */
  allowedHosts: string[];
  /** Load balancers whose X-Forwarded-For names the client (VOXCALL_TRUST_PROXY); unset = none. */
  trustProxy?: string[];
  dataDir: string;
  /** SQLite in dataDir (default), or a shared PostgreSQL database (VOXCALL_DATABASE_URL). */
  store: StoreConfig;
  /** This process's role and id among the nodes sharing the store (docs/cluster.md). */
  node: NodeConfig;
  hostName: string;
  logLevel: string;
  /** Speed factor of the simulated network (1 = real time). */
  networkSpeed: number;
  /** Optional JSON file of callee behaviour rules for the simulated network. */
  networkRulesFile?: string;
  /** Which telephone network places the calls: the simulated one (default) or a SIP trunk. */
  network: NetworkConfig;
  bodyLimitBytes: number;
  /** Bounds on client connections (docs/connections.md). */
  http: HttpLimits;
  /** Bearer token of the management API; unset = generated once and kept in <dataDir>/admin-token. */
  adminToken?: string;
  /** GET /metrics without the admin token (VOXCALL_METRICS_PUBLIC=1); by default it takes the token. */
  metricsPublic: boolean;
  auth: {
    toleranceMs: number;
    maxFailures: number;
    failureWindowMs: number;
    blockMs: number;
  };
  demo: {
    appKey?: string;
    appSecret?: string;
  };
  push: {
    concurrency: number;
    /** Per-endpoint isolation (docs/delivery.md). */
    breaker: { maxInFlight: number; failureThreshold: number; cooldownMs: number; maxCooldownMs: number };
    /** How long delivered pushes (and exported failed CDRs, and the pull API's feed) are kept; 0 = forever. */
    retentionMs: number;
    /** Push URLs may point at loopback, private, link-local, ... addresses (docs/delivery.md, push targets). */
    allowPrivateTargets: boolean;
  };
  recordLinkTtlMs: number;
  policy: {
    /** Numbers not starting with it are international (1013111, 1013112). */
    homeCountryCode: string;
    /** How often lists and limit settings are re-read from the store (changes made by other nodes). */
    reloadMs: number;
  };
}

export interface HttpLimits {
  /** Headers must be complete this long after the connection or the previous request (Node's headersTimeout). */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this (Node's requestTimeout); else 408 and close. */
  requestTimeoutMs: number;
  /** An idle kept-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** A connection with no traffic either way for this long is closed (a client that stops reading an answer). */
  idleTimeoutMs: number;
  /** Connections open at once; more are closed as they arrive (Node's server.maxConnections). */
  maxConnections: number;
}

type Env = Record<string, string | undefined>;

export { ConfigError };

function int(env: Env, name: string, fallback: number, min = 0, max = Infinity): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new ConfigError(max === Infinity ? `${name} must be a number >= ${min}, got "${raw}"` : `${name} must be a number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

/**
 * The longest duration, in seconds, of a setting that feeds a timer: what Node's own timers keep
 * (2^31-1 ms, about 24.8 days). The platform's timers wait longer ones in steps, Node's socket
 * and server timeouts do not.
 */
export const MAX_TIMER_S = Math.floor(MAX_TIMEOUT_MS / 1000);
/** The longest IP lockout: 30 days (an operator lifts a block sooner with `voxcall lockouts clear`). */
export const MAX_AUTH_BLOCK_S = 30 * 86_400;

/** Whole seconds of a duration setting, in milliseconds. */
function seconds(env: Env, name: string, fallbackS: number, max = MAX_TIMER_S): number {
  return int(env, name, fallbackS, 1, max) * 1000;
}

function homeCountry(raw: string | undefined): string {
  if (raw === undefined || raw === '') return '+86';
  if (!/^\+?[1-9]\d{0,3}$/.test(raw)) throw new ConfigError(`VOXCALL_HOME_COUNTRY_CODE must be a country code like +86, got "${raw}"`);
  return raw.startsWith('+') ? raw : `+${raw}`;
}

function profileOf(raw: string | undefined): Profile {
  if (raw === undefined || raw === '') return 'development';
  if (raw === 'development' || raw === 'production') return raw;
  throw new ConfigError(`VOXCALL_PROFILE must be development or production, got "${raw}"`);
}

function flag(env: Env, name: string): boolean | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (raw === '0' || raw === '1') return raw === '1';
  throw new ConfigError(`${name} must be 0 or 1, got "${raw}"`);
}

/** An absolute http(s) URL without credentials, query or fragment; kept without a trailing slash. */
function publicUrlOf(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError(`VOXCALL_PUBLIC_URL must be an absolute URL such as https://voice.example.com, got "${raw}"`);
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password || u.search || u.hash) {
    throw new ConfigError(`VOXCALL_PUBLIC_URL must be an http(s) URL without user, query or fragment, got "${raw}"`);
  }
  return u.origin + u.pathname.replace(/\/+$/, '');
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

/** VOXCALL_ALLOWED_HOSTS (comma-separated names), by default the loopback names and the listening address. */
function allowedHostsOf(raw: string | undefined, listenHost: string): string[] {
  if (raw === undefined || raw === '') {
    const hosts = ['localhost', '127.0.0.1', '::1'];
    if (!WILDCARD_HOSTS.has(listenHost) && !hosts.includes(listenHost)) hosts.push(listenHost);
    return hosts;
  }
  const hosts = raw.split(',').map((h) => h.trim().toLowerCase()).filter((h) => h !== '');
  for (const h of hosts) {
    if (!/^([a-z0-9.-]{1,253}|\[?[0-9a-f:.]{2,45}\]?)$/.test(h)) throw new ConfigError(`VOXCALL_ALLOWED_HOSTS lists host names without port or scheme, got "${h}"`);
  }
  return hosts;
}

/** Seconds (fractions allowed) in milliseconds, more than zero. */
function ms(env: Env, name: string, fallbackS: number): number {
  return Math.max(1, Math.round(int(env, name, fallbackS, 0.001, MAX_TIMER_S) * 1000));
}

function httpLimits(env: Env): HttpLimits {
  const limits: HttpLimits = {
    headersTimeoutMs: ms(env, 'VOXCALL_HEADERS_TIMEOUT_S', 10),
    requestTimeoutMs: ms(env, 'VOXCALL_REQUEST_TIMEOUT_S', 30),
    keepAliveTimeoutMs: ms(env, 'VOXCALL_KEEP_ALIVE_TIMEOUT_S', 72),
    idleTimeoutMs: ms(env, 'VOXCALL_IDLE_TIMEOUT_S', 60),
    maxConnections: Math.floor(int(env, 'VOXCALL_MAX_CONNECTIONS', 512, 1)),
  };
  // Node refuses a headers timeout longer than the request's, which includes the headers.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new ConfigError(`VOXCALL_HEADERS_TIMEOUT_S (${limits.headersTimeoutMs / 1000}) must not exceed VOXCALL_REQUEST_TIMEOUT_S (${limits.requestTimeoutMs / 1000})`);
  }
  return limits;
}

export function loadConfig(env: Env = process.env): Config {
  const port = int(env, 'VOXCALL_PORT', 8080, 0);
  const speed = int(env, 'VOXCALL_SPEED', 1, 0.001);
  const profile = profileOf(env.VOXCALL_PROFILE);
  const host = env.VOXCALL_HOST || '127.0.0.1';
  const network = networkConfigOf(env, homeCountry(env.VOXCALL_HOME_COUNTRY_CODE));
  // Phones ring in real time: only the simulated world can run faster.
  if (network.kind === 'sip' && speed !== 1) throw new ConfigError(`VOXCALL_SPEED applies to the simulated network only; unset it with VOXCALL_NETWORK=sip (got ${speed})`);
  return {
    profile,
    host,
    port,
    publicUrl: publicUrlOf(env.VOXCALL_PUBLIC_URL),
    allowedHosts: allowedHostsOf(env.VOXCALL_ALLOWED_HOSTS, host),
    trustProxy: trustProxyOf(env.VOXCALL_TRUST_PROXY),
    dataDir: resolve(env.VOXCALL_DATA_DIR || './data'),
    store: storeConfigOf(env),
    node: nodeConfigOf(env),
    hostName: env.VOXCALL_HOST_NAME || hostname() || 'voxcall',
    logLevel: env.VOXCALL_LOG_LEVEL || 'info',
    networkSpeed: speed,
    networkRulesFile: env.VOXCALL_NETWORK_RULES || undefined,
    network,
    bodyLimitBytes: int(env, 'VOXCALL_BODY_LIMIT', 64 * 1024, 1024),
    http: httpLimits(env),
    adminToken: env.VOXCALL_ADMIN_TOKEN || undefined,
    metricsPublic: env.VOXCALL_METRICS_PUBLIC === '1',
    auth: {
      toleranceMs: seconds(env, 'VOXCALL_AUTH_TOLERANCE_S', 15 * 60),
      maxFailures: int(env, 'VOXCALL_AUTH_MAX_FAILURES', 10, 1),
      failureWindowMs: seconds(env, 'VOXCALL_AUTH_FAILURE_WINDOW_S', 5 * 60),
      blockMs: seconds(env, 'VOXCALL_AUTH_BLOCK_S', 30 * 60, MAX_AUTH_BLOCK_S),
    },
    demo: {
      appKey: env.VOXCALL_DEMO_APP_KEY || undefined,
      appSecret: env.VOXCALL_DEMO_APP_SECRET || undefined,
    },
    push: {
      concurrency: int(env, 'VOXCALL_PUSH_CONCURRENCY', 32, 1),
      breaker: {
        maxInFlight: int(env, 'VOXCALL_ENDPOINT_MAX_IN_FLIGHT', 8, 1),
        failureThreshold: int(env, 'VOXCALL_BREAKER_FAILURES', 5, 1),
        cooldownMs: seconds(env, 'VOXCALL_BREAKER_COOLDOWN_S', 30),
        maxCooldownMs: seconds(env, 'VOXCALL_BREAKER_MAX_COOLDOWN_S', 600),
      },
      retentionMs: int(env, 'VOXCALL_PUSH_RETENTION_DAYS', 30, 0) * 86_400_000,
      // The demo and the tests push to receivers on 127.0.0.1; a production node must not.
      allowPrivateTargets: flag(env, 'VOXCALL_ALLOW_PRIVATE_PUSH_URLS') ?? profile === 'development',
    },
    recordLinkTtlMs: 7 * 24 * 3600_000,
    policy: {
      homeCountryCode: homeCountry(env.VOXCALL_HOME_COUNTRY_CODE),
      reloadMs: seconds(env, 'VOXCALL_POLICY_RELOAD_S', 30),
    },
  } satisfies Config;
}
