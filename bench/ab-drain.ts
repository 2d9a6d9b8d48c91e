// A/B: push drain on PostgreSQL, 1 and 2 dispatchers, in the tree this file is run from.
import { startChild } from './children.js';
import { pgDrain } from './cluster-load.js';
const url = process.env.VOXCALL_TEST_DATABASE_URL!;
const rx = await startChild<{ port: number }>('./receiver.ts');
const env = { VOXCALL_PUSH_CONCURRENCY: '32', VOXCALL_ENDPOINT_MAX_IN_FLIGHT: '32' };
try {
  for (const d of (process.env.DISPATCHERS ?? '1,2').split(',').map(Number)) {
    const r = await pgDrain({ url, rx: rx.proc, rxOrigin: `http://127.0.0.1:${rx.ready.port}`, dispatchers: d, backlog: 30_000, apps: 8, warm: 1000, sample: 10_000, env });
    console.log(`${process.env.TAG} dispatchers=${d} ${r.perSecond.toFixed(0)} pushes/s`);
  }
} finally { await rx.stop(); }
process.exit(0);
