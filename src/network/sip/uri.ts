// SIP URIs and name-addrs (RFC 3261 19.1, 20.10, 25.1), enough of the grammar for a trunk: user,
// host (name, IPv4 or [IPv6]), port, ;params and ?headers. Parse errors are SipParseError.

import { SipParseError } from './errors.js';

export type Params = Record<string, string | null>;

export interface SipUri {
  scheme: 'sip' | 'sips' | 'tel';
  user?: string;
  host: string;
  port?: number;
  /** Lower-case names; a flag parameter (";lr") has the value null. */
  params: Params;
  /** The raw "?..." part without the '?', when present. */
  headers?: string;
}

export interface NameAddr {
  display?: string;
  uri: SipUri;
  /** Header parameters after the URI (";tag=..."). */
  params: Params;
}

const MAX_URI = 2048;

/** Splits "a;b=c;d" style parameter lists; quoted values keep their quotes stripped. */
export function parseParams(s: string): Params {
  const out: Params = {};
  for (const part of splitOutsideQuotes(s, ';')) {
    const p = part.trim();
    if (p === '') continue;
    const eq = p.indexOf('=');
    const name = (eq < 0 ? p : p.slice(0, eq)).trim().toLowerCase();
    if (!/^[\w.!%*+`'~-]+$/.test(name)) throw new SipParseError(`bad parameter name '${name}'`);
    out[name] = eq < 0 ? null : unquote(p.slice(eq + 1).trim());
  }
  return out;
}

export function formatParams(params: Params): string {
  return Object.entries(params)
    .map(([k, v]) => (v === null ? `;${k}` : `;${k}=${/[\s;,"]/.test(v) ? `"${v}"` : v}`))
    .join('');
}

export function parseSipUri(input: string): SipUri {
  const s = input.trim();
  if (s.length > MAX_URI) throw new SipParseError('URI too long');
  const m = /^(sips?|tel):(.*)$/i.exec(s);
  if (!m) throw new SipParseError(`not a SIP URI: '${s.slice(0, 80)}'`);
  const scheme = m[1]!.toLowerCase() as SipUri['scheme'];
  let rest = m[2]!;
  let headers: string | undefined;
  const q = rest.indexOf('?');
  if (q >= 0) {
    headers = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  const semi = rest.indexOf(';');
  const params = semi >= 0 ? parseParams(rest.slice(semi + 1)) : {};
  let hostport = semi >= 0 ? rest.slice(0, semi) : rest;
  if (scheme === 'tel') {
    if (hostport === '') throw new SipParseError('empty tel URI');
    return { scheme, user: hostport, host: '', params, ...(headers !== undefined ? { headers } : {}) };
  }
  let user: string | undefined;
  const at = hostport.lastIndexOf('@');
  if (at >= 0) {
    user = hostport.slice(0, at);
    hostport = hostport.slice(at + 1);
    if (user === '') throw new SipParseError('empty user part');
  }
  const hp = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(hostport);
  if (!hp) throw new SipParseError(`bad host '${hostport.slice(0, 80)}'`);
  const port = hp[2] === undefined ? undefined : Number(hp[2]);
  if (port !== undefined && (port < 1 || port > 65535)) throw new SipParseError(`bad port ${port}`);
  const uri: SipUri = { scheme, host: hp[1]!.toLowerCase(), params };
  if (user !== undefined) uri.user = user;
  if (port !== undefined) uri.port = port;
  if (headers !== undefined) uri.headers = headers;
  return uri;
}

export function formatUri(u: SipUri): string {
  if (u.scheme === 'tel') return `tel:${u.user ?? ''}${formatParams(u.params)}`;
  const user = u.user !== undefined ? `${u.user}@` : '';
  const port = u.port !== undefined ? `:${u.port}` : '';
  const headers = u.headers !== undefined ? `?${u.headers}` : '';
  return `${u.scheme}:${user}${u.host}${port}${formatParams(u.params)}${headers}`;
}

/** `"Display" <sip:u@h;p>;tag=x`, `<sip:...>`, or a bare `sip:u@h;tag=x` (its params are header params). */
export function parseNameAddr(input: string): NameAddr {
  const s = input.trim();
  if (s.length > MAX_URI) throw new SipParseError('name-addr too long');
  const lt = indexOutsideQuotes(s, '<');
  if (lt < 0) {
    // addr-spec form: everything after the first ';' belongs to the header, not the URI.
    const semi = s.indexOf(';');
    const uri = parseSipUri(semi < 0 ? s : s.slice(0, semi));
    return { uri, params: semi < 0 ? {} : parseParams(s.slice(semi + 1)) };
  }
  const gt = s.indexOf('>', lt);
  if (gt < 0) throw new SipParseError('unterminated <');
  const display = unquote(s.slice(0, lt).trim());
  const after = s.slice(gt + 1).trim();
  if (after !== '' && !after.startsWith(';')) throw new SipParseError('junk after name-addr');
  const out: NameAddr = { uri: parseSipUri(s.slice(lt + 1, gt)), params: parseParams(after.slice(1)) };
  if (display !== '') out.display = display;
  return out;
}

export function formatNameAddr(n: NameAddr): string {
  const display = n.display !== undefined ? `"${n.display.replace(/["\\]/g, '')}" ` : '';
  return `${display}<${formatUri(n.uri)}>${formatParams(n.params)}`;
}

function unquote(v: string): string {
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) return v.slice(1, -1).replace(/\\(.)/g, '$1');
  return v;
}

function indexOutsideQuotes(s: string, ch: string): number {
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ch && !quoted) return i;
  }
  return -1;
}

/** Splits on sep where it is outside quotes and outside <...> (a URI's own ';' or ','). */
export function splitOutsideQuotes(s: string, sep: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let angle = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (!quoted && c === '<') angle++;
    else if (!quoted && c === '>' && angle > 0) angle--;
    else if (!quoted && angle === 0 && c === sep) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  if (quoted) throw new SipParseError('unterminated quoted string');
  out.push(s.slice(start));
  return out;
}
