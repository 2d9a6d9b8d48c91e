// A scripted SIP peer on a raw UDP socket, for the transaction behaviours SIPp cannot show
// (retransmitted 2xx, a missing ACK): tests read what the network sent and answer by hand.

import { createSocket, type Socket } from 'node:dgram';
import { parseMessage, serialize, type SipMessage, type SipRequest } from '../../../src/network/sip/message.js';
import { Headers } from '../../../src/network/sip/message.js';

export class Peer {
  readonly received: SipMessage[] = [];
  /** Answer every BYE with 200 at once (a test that watches BYE retransmissions turns it off). */
  answerBye = true;
  private constructor(readonly sock: Socket) {
    sock.on('message', (b, rinfo) => {
      const m = parseMessage(b);
      this.received.push(m);
      if (this.answerBye && m.kind === 'request' && m.method === 'BYE') this.reply(m, 200, rinfo.port);
    });
  }

  static async start(): Promise<Peer> {
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    return new Peer(sock);
  }

  get port(): number {
    return this.sock.address().port;
  }

  get uri(): string {
    return `sip:127.0.0.1:${this.port}`;
  }

  requests(method: string): SipRequest[] {
    return this.received.filter((m): m is SipRequest => m.kind === 'request' && m.method === method);
  }

  responses(status: number): SipMessage[] {
    return this.received.filter((m) => m.kind === 'response' && m.status === status);
  }

  send(msg: SipMessage, port: number): void {
    this.sock.send(serialize(msg), port, '127.0.0.1');
  }

  /** A response to req, To tagged (default 'peer'), with extra headers and body. */
  reply(req: SipRequest, status: number, port: number, extra: [string, string][] = [], body = '', toTag = 'peer'): void {
    const h = new Headers();
    for (const v of req.headers.all('via')) h.add('via', v);
    h.add('from', req.headers.get('from')!);
    const to = req.headers.get('to')!;
    h.add('to', /tag=/.test(to) ? to : `${to};tag=${toTag}`);
    h.add('call-id', req.headers.get('call-id')!);
    h.add('cseq', req.headers.get('cseq')!);
    h.add('contact', `<sip:peer@127.0.0.1:${this.port}>`);
    for (const [k, v] of extra) h.add(k, v);
    this.send({ kind: 'response', status, reason: 'X', headers: h, body: Buffer.from(body) }, port);
  }

  close(): void {
    this.sock.close();
  }
}

export const PEER_SDP = 'v=0\r\no=peer 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 8 101\r\na=rtpmap:101 telephone-event/8000\r\n';
