// Is a SIP UA answering on 127.0.0.1:port? One OPTIONS over UDP; any response to it (baresip
// answers 200 for its account, 404 otherwise) proves the port is bound by a UA that reads SIP.

import { randomUUID } from 'node:crypto';
import { createSocket } from 'node:dgram';

/** The response's status line and Server header, or undefined if nothing answered in time. */
export function sipOptions(port: number, user: string, timeoutMs = 300): Promise<{ status: number; server: string } | undefined> {
  return new Promise((resolve) => {
    const sock = createSocket('udp4');
    const callId = randomUUID();
    const finish = (v: { status: number; server: string } | undefined) => {
      clearTimeout(timer);
      sock.close();
      resolve(v);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    sock.on('error', () => finish(undefined));
    sock.on('message', (m) => {
      const text = m.toString('latin1');
      if (!text.includes(callId)) return;
      const status = Number(/^SIP\/2\.0 (\d{3})/.exec(text)?.[1] ?? 0);
      finish({ status, server: /^Server:\s*(.*)$/im.exec(text)?.[1]?.trim() ?? '' });
    });
    sock.bind(0, '127.0.0.1', () => {
      const local = sock.address().port;
      const target = `sip:${user}@127.0.0.1:${port}`;
      const msg = [
        `OPTIONS ${target} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${local};branch=z9hG4bK${callId.slice(0, 8)};rport`,
        'Max-Forwards: 70',
        `From: <sip:probe@127.0.0.1:${local}>;tag=${callId.slice(9, 13)}`,
        `To: <${target}>`,
        `Call-ID: ${callId}`,
        'CSeq: 1 OPTIONS',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
      sock.send(msg, port, '127.0.0.1');
    });
  });
}
