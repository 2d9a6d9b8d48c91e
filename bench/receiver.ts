// The receiver of the benchmark, in its own process: a plain node:http server that accepts every
// push at once. Prints {"port":N} when listening; GET /count answers how many POSTs it took.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let count = 0;
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
    if (req.url === '/latency') {
      // First arrival of each call's first status push, for the end-to-end latency run.
      const sid = /"sessionId":"([^"]+)"/.exec(Buffer.concat(chunks).toString())?.[1];
      if (sid && !arrivals.has(sid)) arrivals.set(sid, performance.timeOrigin + performance.now());
    }
    res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' });
    res.end('{"resultcode":"0","resultdesc":"Success"}');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: (server.address() as AddressInfo).port }) + '\n');
});
process.on('message', (msg: { type: string }) => {
  if (msg.type === 'arrivals') process.send?.({ type: 'arrivals', arrivals: [...arrivals] });
});
