// The telephone network's settings (README, "Connecting a SIP trunk"): read from the environment
// that config.ts hands over, checked here so a wrong value stops the start with one line naming it.

import { isIP } from 'node:net';
import { ConfigError } from './config-error.js';

/** How a number is written in the Request-URI and From/To users (per trunk; carriers differ). */
export type NumberFormat = 'e164' | 'e164-no-plus' | 'national';
export const NUMBER_FORMATS: readonly NumberFormat[] = ['e164', 'e164-no-plus', 'national'];

export interface SipConfig {
  /** The trunk or outbound proxy, e.g. sip:trunk.example.com:5060;transport=udp. */
  trunk: string;
  transport: 'udp' | 'tcp';
  username?: string;
  password?: string;
  /** The one digest realm credentials are sent to; unset, the first realm the trunk challenges with. */
  realm?: string;
  listen: { address: string; port: number };
  /** Written into Via, Contact and SDP instead of the listen address (behind NAT). */
  publicAddress?: string;
  rtpPorts: { min: number; max: number };
  numberFormat: NumberFormat;
  /** For `national`: the home country code removed ('+86') and the trunk prefix put in its place ('0'). */
  countryCode: string;
  nationalPrefix: string;
  /** An answered leg with no RTP for this long is hung up (docs/media.md); 0 = never. */
  rtpTimeoutMs: number;
  tts: { engine: 'espeak-ng' | 'command'; command?: string };
}

export type NetworkConfig = { kind: 'simulated' } | { kind: 'sip'; sip: SipConfig };

type Env = Record<string, string | undefined>;

const SIP_URI = /^sips?:(?:[^@;?\s]+@)?(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9.-]+)(?::(\d{1,5}))?((?:;[a-zA-Z0-9_.!~*'()%-]+(?:=[a-zA-Z0-9_.!~*'()%-]+)?)*)$/;

function trunkOf(raw: string | undefined): { trunk: string; transport: 'udp' | 'tcp' } {
  if (raw === undefined || raw === '') {
    throw new ConfigError('VOXCALL_NETWORK=sip needs VOXCALL_SIP_TRUNK, the trunk\'s SIP URI, e.g. sip:trunk.example.com:5060;transport=udp');
  }
  const m = SIP_URI.exec(raw);
  if (!m || raw.startsWith('sips:')) {
    throw new ConfigError(`VOXCALL_SIP_TRUNK must be a sip: URI such as sip:trunk.example.com:5060;transport=udp, got "${raw}"`);
  }
  // The trunk URI is shown in the banner, /health and logs: a password there would be shown too.
  if (/^sip:[^@;?\s]*:[^@;?\s]*@/i.test(raw)) {
    throw new ConfigError('VOXCALL_SIP_TRUNK must not carry a password (sip:user:secret@host): put it in VOXCALL_SIP_PASSWORD');
  }
  if (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 65535)) throw new ConfigError(`VOXCALL_SIP_TRUNK has port ${m[2]}, outside 1-65535`);
  const transport = /;transport=([a-z]+)/i.exec(m[3] ?? '')?.[1]?.toLowerCase() ?? 'udp';
  if (transport !== 'udp' && transport !== 'tcp') throw new ConfigError(`VOXCALL_SIP_TRUNK transport must be udp or tcp, got "${transport}"`);
  return { trunk: raw, transport };
}

function hostPort(name: string, raw: string | undefined, fallback: string): { address: string; port: number } {
  const value = raw === undefined || raw === '' ? fallback : raw;
  const m = /^(\[[0-9a-fA-F:.]+\]|[0-9.]+):(\d{1,5})$/.exec(value);
  const address = m?.[1]?.replace(/^\[|\]$/g, '');
  if (!m || address === undefined || isIP(address) === 0 || Number(m[2]) > 65535) {
    throw new ConfigError(`${name} must be an IP address and port such as 127.0.0.1:5060, got "${value}"`);
  }
  return { address, port: Number(m[2]) };
}

/** IPv4 only for now: Via, Contact and SDP are written without IPv6 brackets (docs/sip.md). */
function ipv4Listen(raw: string | undefined): { address: string; port: number } {
  const listen = hostPort('VOXCALL_SIP_LISTEN', raw, '127.0.0.1:5060');
  if (isIP(listen.address) !== 4) throw new ConfigError(`VOXCALL_SIP_LISTEN must be an IPv4 address and port (IPv6 is not supported yet), got "${raw ?? ''}"`);
  return listen;
}

function portRange(raw: string | undefined): { min: number; max: number } {
  const value = raw === undefined || raw === '' ? '20000-20999' : raw;
  const m = /^(\d{1,5})-(\d{1,5})$/.exec(value);
  const min = Number(m?.[1]);
  const max = Number(m?.[2]);
  // Two ports at least: RTP takes an even port (RFC 3550 §11).
  if (!m || min < 1024 || max > 65535 || max - min < 1) {
    throw new ConfigError(`VOXCALL_RTP_PORTS must be a range like 20000-20999 within 1024-65535, got "${value}"`);
  }
  return { min, max };
}

function numberFormat(raw: string | undefined): NumberFormat {
  if (raw === undefined || raw === '') return 'e164';
  if ((NUMBER_FORMATS as readonly string[]).includes(raw)) return raw as NumberFormat;
  throw new ConfigError(`VOXCALL_SIP_NUMBER_FORMAT must be one of ${NUMBER_FORMATS.join(', ')}, got "${raw}"`);
}

function seconds(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback * 1000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 3600) throw new ConfigError(`${name} must be whole seconds from 0 to 3600, got "${raw}"`);
  return n * 1000;
}

function tts(env: Env): SipConfig['tts'] {
  const command = env.VOXCALL_TTS_COMMAND;
  if (command !== undefined && command.trim() !== '') return { engine: 'command', command };
  return { engine: 'espeak-ng' };
}

function sipConfig(env: Env, countryCode: string): SipConfig {
  const { trunk, transport } = trunkOf(env.VOXCALL_SIP_TRUNK);
  const username = env.VOXCALL_SIP_USERNAME || undefined;
  const password = env.VOXCALL_SIP_PASSWORD || undefined;
  if ((username === undefined) !== (password === undefined)) {
    throw new ConfigError('VOXCALL_SIP_USERNAME and VOXCALL_SIP_PASSWORD go together: set both (digest credentials) or neither');
  }
  // Written as a quoted-string in Authorization: a quote, backslash or line break would break it.
  if (username !== undefined && /["\\\r\n]/.test(username)) {
    throw new ConfigError('VOXCALL_SIP_USERNAME must not contain a double quote, a backslash or a line break');
  }
  const realm = env.VOXCALL_SIP_REALM || undefined;
  if (realm !== undefined && /["\\\r\n]/.test(realm)) throw new ConfigError('VOXCALL_SIP_REALM must not contain a double quote, a backslash or a line break');
  const publicAddress = env.VOXCALL_SIP_PUBLIC_ADDRESS || undefined;
  if (publicAddress !== undefined && isIP(publicAddress) !== 4) {
    throw new ConfigError(`VOXCALL_SIP_PUBLIC_ADDRESS must be an IPv4 address, got "${publicAddress}"`);
  }
  const nationalPrefix = env.VOXCALL_SIP_NATIONAL_PREFIX ?? '0';
  if (!/^\d{0,4}$/.test(nationalPrefix)) throw new ConfigError(`VOXCALL_SIP_NATIONAL_PREFIX must be up to 4 digits, got "${nationalPrefix}"`);
  return {
    trunk,
    transport,
    ...(username !== undefined && password !== undefined ? { username, password } : {}),
    ...(realm !== undefined ? { realm } : {}),
    listen: ipv4Listen(env.VOXCALL_SIP_LISTEN),
    ...(publicAddress !== undefined ? { publicAddress } : {}),
    rtpPorts: portRange(env.VOXCALL_RTP_PORTS),
    numberFormat: numberFormat(env.VOXCALL_SIP_NUMBER_FORMAT),
    countryCode,
    nationalPrefix,
    rtpTimeoutMs: seconds(env, 'VOXCALL_RTP_TIMEOUT_S', 30),
    tts: tts(env),
  };
}

export function networkConfigOf(env: Env, homeCountryCode: string): NetworkConfig {
  const kind = env.VOXCALL_NETWORK;
  if (kind === undefined || kind === '' || kind === 'simulated') return { kind: 'simulated' };
  if (kind === 'sip') return { kind: 'sip', sip: sipConfig(env, homeCountryCode) };
  throw new ConfigError(`VOXCALL_NETWORK must be simulated or sip, got "${kind}"`);
}
