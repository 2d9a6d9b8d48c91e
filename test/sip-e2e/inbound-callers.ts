// What the inbound SIP end-to-end test needs around the platform: SIPp callers (the trunk
// offering a call) for the refusals, a raw UDP caller for the CANCEL race SIPp cannot time
// against an event of ours, and the management API of a SIP test platform.

import { createSocket, type Socket } from 'node:dgram';
import type { SipTestPlatform } from '../helpers/sip-platform.js';
import { admin, type Admin } from '../manage/helpers.js';

const head = (name: string) => `<?xml version="1.0" encoding="ISO-8859-1" ?>\n<!DOCTYPE scenario SYSTEM "sipp.dtd">\n<scenario name="${name}">`;

const SDP = `v=0
o=sipp 1 1 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 8 0 101
a=rtpmap:8 PCMA/8000
a=rtpmap:0 PCMU/8000
a=rtpmap:101 telephone-event/8000
`;

/**
 * SIPp as the trunk offering a call from `from` to `to`; the final must be `status` with
 * `Reason: Q.850;cause=<cause>` (SIPp fails otherwise), then SIPp ACKs it.
 */
export function refusedCall(from: string, to: string, status: number, cause: number): string {
  const uri = `sip:${to}@[remote_ip]:[remote_port]`;
  const common = (method: string, branch: string, toHdr: string) => `${method} ${uri} SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=${branch}
From: <sip:${from}@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: ${toHdr}
Call-ID: [call_id]
CSeq: 1 ${method}
Contact: <sip:sipp@[local_ip]:[local_port];transport=[transport]>
Max-Forwards: 70`;
  return `${head(`refused-${status}`)}
  <send retrans="500"><![CDATA[
${common('INVITE', '[branch]', `<${uri}>`)}
Content-Type: application/sdp
Content-Length: [len]

${SDP}]]></send>
  <recv response="100" optional="true"/>
  <recv response="${status}">
    <action><ereg regexp="Q\\.850;cause=${cause}$" search_in="hdr" header="Reason:" check_it="true" assign_to="reason"/></action>
  </recv>
  <send><![CDATA[
${common('ACK', '[branch]', `<${uri}>[peer_tag_param]`)}
Content-Length: 0

]]></send>
  <Reference variables="reason"/>
</scenario>
`;
}

/** A caller on a raw UDP socket: it sends what the test writes and keeps every message it gets. */
export class RawCaller {
  readonly got: string[] = [];
  private constructor(readonly sock: Socket) {
    sock.on('message', (b) => this.got.push(b.toString('latin1')));
  }

  static async start(): Promise<RawCaller> {
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    return new RawCaller(sock);
  }

  get port(): number {
    return this.sock.address().port;
  }

  send(text: string, port: number): void {
    this.sock.send(text, port, '127.0.0.1');
  }

  /** The responses to a method (by CSeq), as status codes in the order they came. */
  /** The To tag of the first final response to a method. */
  toTag(method: string): string | undefined {
    const m = this.got.find((x) => /^SIP\/2\.0 [2-6]/.test(x) && new RegExp(`^CSeq: *\\d+ ${method}\\s*$`, 'im').test(x));
    return m === undefined ? undefined : /^To:.*;tag=([^;\s]+)/im.exec(m)?.[1];
  }

  statuses(method: string): number[] {
    return this.got.filter((m) => m.startsWith('SIP/2.0') && new RegExp(`^CSeq: *\\d+ ${method}\\s*$`, 'im').test(m)).map((m) => Number(m.slice(8, 11)));
  }

  close(): void {
    this.sock.close();
  }
}

const RAW_SDP = 'v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=x\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 8 101\r\na=rtpmap:101 telephone-event/8000\r\n';

export interface RawCall {
  /** The From user part as written (any text: the test's bad input). */
  from: string;
  /** The Request-URI and To user part ('' for none). */
  to: string;
  port: number;
  callerPort: number;
  callId: string;
  toTag?: string;
  /** The INVITE's SDP (default: PCMA and telephone-event on port 4000). */
  sdp?: string;
}

/**
 * An INVITE, its CANCEL (same Via and CSeq number), the ACK of its final, or a BYE (CSeq 2, its
 * own branch) once answered, written by hand.
 */
export function rawRequest(method: 'INVITE' | 'CANCEL' | 'ACK' | 'BYE', o: RawCall): string {
  const body = method === 'INVITE' ? o.sdp ?? RAW_SDP : '';
  const user = o.to === '' ? '' : `${o.to}@`;
  return [
    `${method} sip:${user}127.0.0.1:${o.port} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${o.callerPort};branch=z9hG4bK${o.callId}${method === 'BYE' ? 'bye' : ''};rport`,
    `From: <sip:${o.from}@127.0.0.1>;tag=c1`,
    `To: <sip:${user}127.0.0.1>${o.toTag !== undefined ? `;tag=${o.toTag}` : ''}`,
    `Call-ID: ${o.callId}`,
    `CSeq: ${method === 'BYE' ? 2 : 1} ${method}`,
    `Contact: <sip:caller@127.0.0.1:${o.callerPort}>`,
    'Max-Forwards: 70',
    ...(body ? ['Content-Type: application/sdp'] : []),
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

/** The management API (admin token) of a SIP test platform. */
export const sipAdmin = (p: () => SipTestPlatform): Admin => admin(() => ({ platform: p().platform }) as never);
