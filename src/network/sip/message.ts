// SIP messages (RFC 3261 7, 20): parse a request or response from bytes and serialize it back.
// Headers are kept in order under their long lower-case names, one entry per value: compact forms
// are expanded, folded lines joined, and the comma lists of Via, Route, Record-Route and Contact
// split. Anything malformed throws SipParseError; sizes are capped so hostile input costs little.

import { SipParseError } from './errors.js';
import { parseParams, splitOutsideQuotes, type Params } from './uri.js';

export const MAX_MESSAGE_BYTES = 65_535;
const MAX_HEADERS = 200;

const COMPACT: Record<string, string> = {
  i: 'call-id', f: 'from', t: 'to', v: 'via', m: 'contact', l: 'content-length', c: 'content-type',
  k: 'supported', e: 'content-encoding', s: 'subject', o: 'event', r: 'refer-to', u: 'allow-events',
};
const LIST_HEADERS = new Set(['via', 'route', 'record-route', 'contact', 'allow', 'supported']);
const CANONICAL: Record<string, string> = {
  'call-id': 'Call-ID', cseq: 'CSeq', 'www-authenticate': 'WWW-Authenticate', 'max-forwards': 'Max-Forwards',
};
const REQUIRED = ['via', 'from', 'to', 'call-id', 'cseq'];

export class Headers {
  readonly list: [name: string, value: string][] = [];
  get(name: string): string | undefined {
    const n = name.toLowerCase();
    return this.list.find(([k]) => k === n)?.[1];
  }
  all(name: string): string[] {
    const n = name.toLowerCase();
    return this.list.filter(([k]) => k === n).map(([, v]) => v);
  }
  add(name: string, value: string): this {
    this.list.push([name.toLowerCase(), value]);
    return this;
  }
  /** Puts the value before every other (a Via of our own on top). */
  prepend(name: string, value: string): this {
    this.list.unshift([name.toLowerCase(), value]);
    return this;
  }
  set(name: string, value: string): this {
    this.remove(name);
    return this.add(name, value);
  }
  /** Replaces the first value in place (a Via we mark received). */
  replaceFirst(name: string, value: string): this {
    const n = name.toLowerCase();
    const entry = this.list.find(([k]) => k === n);
    if (entry) entry[1] = value;
    return this;
  }
  remove(name: string): this {
    const n = name.toLowerCase();
    for (let i = this.list.length - 1; i >= 0; i--) if (this.list[i]![0] === n) this.list.splice(i, 1);
    return this;
  }
  clone(): Headers {
    const h = new Headers();
    for (const [k, v] of this.list) h.list.push([k, v]);
    return h;
  }
}

export interface SipRequest {
  kind: 'request';
  method: string;
  uri: string;
  headers: Headers;
  body: Buffer;
}

export interface SipResponse {
  kind: 'response';
  status: number;
  reason: string;
  headers: Headers;
  body: Buffer;
}

export type SipMessage = SipRequest | SipResponse;

export interface Via {
  transport: string;
  host: string;
  port?: number;
  params: Params;
}

export interface CSeq {
  seq: number;
  method: string;
}

function headerEnd(buf: Buffer): { at: number; sep: number } | undefined {
  const crlf = buf.indexOf('\r\n\r\n');
  const lf = buf.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { at: crlf, sep: 4 };
  if (lf >= 0) return { at: lf, sep: 2 };
  return undefined;
}

/** For a stream: the length of the first whole message in buf, or undefined while incomplete. */
export function frameLength(buf: Buffer): number | undefined {
  const end = headerEnd(buf);
  if (!end) {
    if (buf.length > MAX_MESSAGE_BYTES) throw new SipParseError('header section too long');
    return undefined;
  }
  const head = buf.subarray(0, end.at).toString('latin1');
  const m = /^(?:content-length|l)[ \t]*:[ \t]*(\d+)[ \t]*$/im.exec(head);
  const len = m ? Number(m[1]) : 0;
  const total = end.at + end.sep + len;
  if (total > MAX_MESSAGE_BYTES) throw new SipParseError('message too long');
  return buf.length >= total ? total : undefined;
}

export function parseMessage(buf: Buffer): SipMessage {
  if (buf.length > MAX_MESSAGE_BYTES) throw new SipParseError('message too long');
  const end = headerEnd(buf);
  if (!end) throw new SipParseError('no end of headers');
  const lines = buf.subarray(0, end.at).toString('utf8').split(/\r?\n/);
  const start = lines.shift() ?? '';
  const headers = new Headers();
  let current: string | undefined;
  // Checked after every flush: one line of comma values (a Route of thousands) expands to many headers.
  const flush = () => {
    if (current !== undefined) addHeaderLine(headers, current);
    current = undefined;
    if (headers.list.length > MAX_HEADERS) throw new SipParseError('too many headers');
  };
  for (const line of lines) {
    if (/^[ \t]/.test(line)) {
      if (current === undefined) throw new SipParseError('continuation line before any header');
      current += ' ' + line.trim();
    } else {
      flush();
      current = line;
    }
  }
  flush();
  for (const name of REQUIRED) if (headers.get(name) === undefined) throw new SipParseError(`missing ${name}`);
  parseCSeq(headers.get('cseq')!);
  parseVia(headers.get('via')!);
  let body = buf.subarray(end.at + end.sep);
  const cl = headers.get('content-length');
  if (cl !== undefined) {
    if (!/^\d{1,6}$/.test(cl)) throw new SipParseError(`bad Content-Length '${cl.slice(0, 20)}'`);
    const n = Number(cl);
    if (n > body.length) throw new SipParseError('body shorter than Content-Length');
    body = body.subarray(0, n);
  }
  body = Buffer.from(body);
  const status = /^SIP\/2\.0 ([1-6]\d\d)(?: (.*))?$/.exec(start);
  if (status) return { kind: 'response', status: Number(status[1]), reason: status[2] ?? '', headers, body };
  const req = /^([A-Za-z]+) (\S+) SIP\/2\.0$/.exec(start);
  if (!req) throw new SipParseError(`bad start line '${start.slice(0, 80)}'`);
  if (req[1]!.length > 32 || req[2]!.length > 2048) throw new SipParseError('start line too long');
  const method = req[1]!.toUpperCase();
  if (parseCSeq(headers.get('cseq')!).method !== method && method !== 'ACK' && method !== 'CANCEL') {
    throw new SipParseError('CSeq method differs from the request method');
  }
  return { kind: 'request', method, uri: req[2]!, headers, body };
}

function addHeaderLine(headers: Headers, line: string): void {
  const colon = line.indexOf(':');
  if (colon <= 0) throw new SipParseError(`bad header line '${line.slice(0, 80)}'`);
  const raw = line.slice(0, colon).trim().toLowerCase();
  if (!/^[a-z0-9!%*_+`'~.-]+$/.test(raw)) throw new SipParseError(`bad header name '${raw.slice(0, 40)}'`);
  const name = COMPACT[raw] ?? raw;
  const value = line.slice(colon + 1).trim();
  if (LIST_HEADERS.has(name) && value !== '*') {
    for (const part of splitOutsideQuotes(value, ',')) if (part.trim() !== '') headers.add(name, part.trim());
  } else headers.add(name, value);
}

export function parseCSeq(v: string): CSeq {
  const m = /^(\d{1,10})\s+([A-Za-z]+)$/.exec(v.trim());
  if (!m || Number(m[1]) >= 2 ** 31) throw new SipParseError(`bad CSeq '${v.slice(0, 40)}'`);
  return { seq: Number(m[1]), method: m[2]!.toUpperCase() };
}

export function parseVia(v: string): Via {
  const m = /^SIP\s*\/\s*2\.0\s*\/\s*([A-Za-z]+)\s+(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?:\s*:\s*(\d{1,5}))?\s*(;.*)?$/.exec(v.trim());
  if (!m) throw new SipParseError(`bad Via '${v.slice(0, 80)}'`);
  const via: Via = { transport: m[1]!.toUpperCase(), host: m[2]!.toLowerCase(), params: m[4] ? parseParams(m[4].slice(1)) : {} };
  if (m[3] !== undefined) via.port = Number(m[3]);
  return via;
}

export function formatVia(via: Via): string {
  const port = via.port !== undefined ? `:${via.port}` : '';
  const params = Object.entries(via.params).map(([k, val]) => (val === null ? `;${k}` : `;${k}=${val}`)).join('');
  return `SIP/2.0/${via.transport} ${via.host}${port}${params}`;
}

function displayName(name: string): string {
  return CANONICAL[name] ?? name.replace(/(^|-)([a-z])/g, (_, d: string, c: string) => d + c.toUpperCase());
}

export function serialize(msg: SipMessage): Buffer {
  const start = msg.kind === 'request' ? `${msg.method} ${msg.uri} SIP/2.0` : `SIP/2.0 ${msg.status} ${msg.reason}`;
  const lines = [start];
  for (const [k, v] of msg.headers.list) if (k !== 'content-length') lines.push(`${displayName(k)}: ${v}`);
  lines.push(`Content-Length: ${msg.body.length}`, '', '');
  return Buffer.concat([Buffer.from(lines.join('\r\n'), 'utf8'), msg.body]);
}
