// A real HTTP receiver on 127.0.0.1 for the delivery tests: records every request and answers
// as the test's handler says.

import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
}

export interface Reply {
  status?: number;
  body?: string;
  /** Real milliseconds to wait before answering (for timeouts). */
  delayMs?: number;
  /** Never answer: hold the connection until the receiver closes. */
  hold?: boolean;
  headers?: Record<string, string>;
}

export type Handler = (req: Received, index: number) => Reply;

export interface Receiver {
  url(path: string): string;
  requests: Received[];
  handler: Handler;
  close(): Promise<void>;
}

export async function startReceiver(handler: Handler = () => ({ status: 200 })): Promise<Receiver> {
  const requests: Received[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const r: Receiver = { url: () => '', requests, handler, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try { json = JSON.parse(body); } catch { json = undefined; }
      const received: Received = { path: req.url ?? '', headers: req.headers, body, json };
      requests.push(received);
      const reply = r.handler(received, requests.length - 1);
      const answer = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json;charset=UTF-8', ...reply.headers });
        res.end(reply.body ?? '');
      };
      if (reply.hold) return;
      if (reply.delayMs) {
        const t = setTimeout(() => { timers.delete(t); answer(); }, reply.delayMs);
        timers.add(t);
      } else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  r.url = (path) => `http://127.0.0.1:${port}${path}`;
  r.close = async () => {
    for (const t of timers) clearTimeout(t);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return r;
}
