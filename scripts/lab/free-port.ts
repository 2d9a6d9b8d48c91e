// Ports for processes the lab starts: the kernel picks one (bind port 0), we release it and hand
// it over. Another process may take it in between; callers that start a process on it retry on a
// clash (startPhone does). Tests run in parallel, so no fixed ports anywhere.

import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

const HOST = '127.0.0.1';

export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Whether a TCP listener could bind this port now. */
export function tcpPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, HOST, () => srv.close(() => resolve(true)));
  });
}

function bindUdp(port: number): Promise<{ port: number; close: () => Promise<void> } | undefined> {
  return new Promise((resolve) => {
    const sock = createSocket('udp4');
    sock.once('error', () => {
      sock.close();
      resolve(undefined);
    });
    sock.bind(port, HOST, () => {
      resolve({ port: sock.address().port, close: () => new Promise((done) => sock.close(done)) });
    });
  });
}

/** Whether a UDP socket could bind this port now. */
export async function udpPortFree(port: number): Promise<boolean> {
  const s = await bindUdp(port);
  await s?.close();
  return s !== undefined;
}

export async function freeUdpPort(): Promise<number> {
  const s = await bindUdp(0);
  if (s === undefined) throw new Error('no free UDP port on 127.0.0.1');
  await s.close();
  return s.port;
}

/**
 * The first of `count` consecutive free UDP ports, starting at an even one (RTP on even ports,
 * RTCP on the next). Each is bound at once, then all are released.
 */
export async function freeUdpRange(count: number, attempts = 20): Promise<number> {
  for (let a = 0; a < attempts; a++) {
    const first = await freeUdpPort();
    const base = first % 2 === 0 ? first : first + 1;
    if (base + count - 1 > 65535) continue;
    const held: { close: () => Promise<void> }[] = [];
    let ok = true;
    for (let p = base; p < base + count && ok; p++) {
      const s = await bindUdp(p);
      if (s === undefined) ok = false;
      else held.push(s);
    }
    await Promise.all(held.map((s) => s.close()));
    if (ok) return base;
  }
  throw new Error(`no ${count} consecutive free UDP ports on ${HOST} after ${attempts} attempts`);
}
