// The receiver of the benchmark, in its own process: a plain node:http server that accepts every
// push at once. Prints {"port":N} when listening; GET /count answers how many POSTs it took.
// BENCH_RX_PORT: listen on that port (the one of a receiver stopped before) instead of a free one. Over IPC it
// answers 'arrivals' and 'count' (POSTs taken, and when the first and the last arrived).

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let count = 0;
let firstAt = 0;
let lastAt = 0;
const arrivals = new Map<string, number>();
const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/count') {
    res.end(JSON.stringify({ count }));
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    count++;
    lastAt = performance.timeOrigin + performance.now();
    if (count === 1) firstAt = lastAt;
    if (req.url?.startsWith('/latency')) {
      // First arrival of each call's first status push, for the end-to-end latency run.
      const sid = /"sessionId":"([^"]+)"/.exec(Buffer.concat(chunks).toString())?.[1];
      if (sid && !arrivals.has(sid)) arrivals.set(sid, performance.timeOrigin + performance.now());
    }
    res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
    res.end('{"resultcode":"0","resultdesc":"Success"}');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.BENCH_RX_PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: (server.address() as AddressInfo).port }) + '\n');
});
process.on('message', (msg: { type: string }) => {
  if (msg.type === 'arrivals') process.send?.({ type: 'arrivals', arrivals: [...arrivals] });
  else if (msg.type === 'count') process.send?.({ type: 'count', count, firstAt, lastAt });
});
