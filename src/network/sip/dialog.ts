// Dialog state (RFC 3261 12): Call-ID, tags, CSeq counters, route set and remote target, and the
// requests sent inside a dialog (loose routing, 12.2.1.1). Strict routers are not supported.

import { SipParseError } from './errors.js';
import { Headers, type SipRequest, type SipResponse } from './message.js';
import type { Remote, TransportName } from './transport.js';
import { formatNameAddr, formatUri, parseNameAddr, parseSipUri, splitOutsideQuotes, type SipUri } from './uri.js';

export interface Dialog {
  callId: string;
  localTag: string;
  remoteTag: string;
  /** From (ours) and To (theirs) without tags, as name-addrs. */
  local: string;
  remote: string;
  localSeq: number;
  routeSet: string[];
  remoteTarget: string;
  transport: TransportName;
  contact: string;
}

const tagOf = (value: string): string => parseNameAddr(value).params.tag ?? '';
const withoutTag = (value: string): string => {
  const n = parseNameAddr(value);
  delete n.params.tag;
  return formatNameAddr(n);
};
// Checked when the dialog is built, so every later request of the dialog (a BYE long after the
// answer) can be addressed: an unreadable route or target refuses the request or the 2xx instead.
const reachable = (uri: SipUri, what: string): SipUri => {
  if (uri.scheme === 'tel' || uri.host === '') throw new SipParseError(`${what} has no host`);
  return uri;
};
const contactUri = (msg: SipRequest | SipResponse, fallback: string): string => {
  const c = msg.headers.get('contact');
  return formatUri(reachable(c ? parseNameAddr(c).uri : parseSipUri(fallback), 'Contact'));
};
/** Record-Route values one route each (a header may list several, comma-separated), all readable. */
const routes = (msg: SipRequest | SipResponse): string[] => {
  const out: string[] = [];
  for (const v of msg.headers.all('record-route')) {
    for (const r of splitOutsideQuotes(v, ',')) {
      reachable(parseNameAddr(r).uri, 'Record-Route');
      out.push(r.trim());
    }
  }
  return out;
};

/** The UAC's dialog from its INVITE and the 2xx (12.1.2): route set is Record-Route reversed.
 * Throws SipParseError when the 2xx's To, Contact or Record-Route cannot be read. */
export function uacDialog(invite: SipRequest, res: SipResponse, transport: TransportName, contact: string): Dialog {
  return {
    callId: invite.headers.get('call-id')!,
    localTag: tagOf(invite.headers.get('from')!),
    remoteTag: tagOf(res.headers.get('to')!),
    local: withoutTag(invite.headers.get('from')!),
    remote: withoutTag(res.headers.get('to')!),
    localSeq: Number(invite.headers.get('cseq')!.split(/\s+/)[0]),
    routeSet: routes(res).reverse(),
    remoteTarget: contactUri(res, invite.uri),
    transport,
    contact,
  };
}

/** The UAS's dialog from a received INVITE (12.1.1): route set is Record-Route in order.
 * Throws SipParseError when its From, Contact or Record-Route cannot be read. */
export function uasDialog(invite: SipRequest, localTag: string, transport: TransportName, contact: string): Dialog {
  return {
    callId: invite.headers.get('call-id')!,
    localTag,
    remoteTag: tagOf(invite.headers.get('from')!),
    local: withoutTag(invite.headers.get('to')!),
    remote: withoutTag(invite.headers.get('from')!),
    localSeq: 0,
    routeSet: routes(invite),
    remoteTarget: contactUri(invite, formatUri(parseNameAddr(invite.headers.get('from')!).uri)),
    transport,
    contact,
  };
}

/** A request inside the dialog; ACK keeps the INVITE's CSeq number (pass it as seq). */
export function dialogRequest(d: Dialog, method: string, opts: { seq?: number; extra?: [string, string][]; body?: Buffer; contentType?: string } = {}): SipRequest {
  const seq = opts.seq ?? ++d.localSeq;
  const h = new Headers();
  for (const r of d.routeSet) h.add('route', r);
  h.add('max-forwards', '70');
  h.add('from', `${d.local};tag=${d.localTag}`);
  h.add('to', `${d.remote};tag=${d.remoteTag}`);
  h.add('call-id', d.callId);
  h.add('cseq', `${seq} ${method}`);
  if (method === 'INVITE' || method === 'ACK') h.add('contact', d.contact);
  for (const [k, v] of opts.extra ?? []) h.add(k, v);
  if (opts.body && opts.body.length > 0) h.add('content-type', opts.contentType ?? 'application/sdp');
  return { kind: 'request', method, uri: d.remoteTarget, headers: h, body: opts.body ?? Buffer.alloc(0) };
}

/** Where a URI's requests go: its host and port (5060 by default), over its transport parameter. */
export function uriRemote(uri: SipUri, fallback: TransportName = 'udp'): Remote {
  const t = uri.params.transport?.toLowerCase();
  return { transport: t === 'tcp' ? 'tcp' : t === 'udp' ? 'udp' : fallback, address: uri.host.replace(/^\[|\]$/g, ''), port: uri.port ?? 5060 };
}

/** Where the dialog's next request goes: the first route (loose routing) or the remote target. */
export function dialogRemote(d: Dialog): Remote {
  const first = d.routeSet[0];
  const uri = first !== undefined ? parseNameAddr(first).uri : parseSipUri(d.remoteTarget);
  return uriRemote(uri, d.transport);
}
