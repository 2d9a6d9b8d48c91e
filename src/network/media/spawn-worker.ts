// Starting a worker from a TypeScript module. Node 20 passes the parent's execArgv to workers,
// but tsx's `--import tsx` loader hook does not take effect for a worker's entry file ("Unknown
// file extension .ts", seen with `node --import tsx`, `node --import tsx --test` and the tsx
// CLI), so a .ts entry is started through a tiny bootstrap that registers tsx in the worker
// first. A compiled .js entry starts directly.

import { Worker } from 'node:worker_threads';

export function spawnWorker(entry: URL): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry);
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true });
}
