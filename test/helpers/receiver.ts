// A real HTTP receiver on 127.0.0.1 that records every push and answers as told.

import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: any;
  at: number;
}

export type Responder = (req: Received) => { status: number; body?: string } | Promise<{ status: number; body?: string }>;

export class Receiver {
  readonly received: Received[] = [];
  #server: Server;
  #responder: Responder = () => ({ status: 200, body: '{"resultcode":"0","resultdesc":"Success"}' });
  #listeners: Array<() => void> = [];
  url = '';

  constructor() {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => void (async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try { body = JSON.parse(raw); } catch { body = undefined; }
        const rec: Received = { path: req.url ?? '', headers: req.headers, raw, body, at: Date.now() };
        const answer = await this.#responder(rec);
        // Only answered pushes count as received: a failing answer is recorded too, in order.
        this.received.push(rec);
        for (const l of this.#listeners.splice(0)) l();
        res.writeHead(answer.status, { 'content-type': 'application/json;charset=UTF-8' });
        res.end(answer.body ?? '');
      })());
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((r) => this.#server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  respond(fn: Responder): void {
    this.#responder = fn;
  }

  on(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  /** Waits (in real time, bounded) until the predicate holds over what was received. */
  async until(pred: (all: Received[]) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pred(this.received)) {
      if (Date.now() > deadline) throw new Error(`receiver: condition not met within ${timeoutMs} ms (${this.received.length} pushes received)`);
      await new Promise<void>((r) => {
        this.#listeners.push(r);
        setTimeout(r, 50);
      });
    }
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((r) => this.#server.close(() => r()));
  }
}
