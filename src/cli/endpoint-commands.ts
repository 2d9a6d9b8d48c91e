// CLI commands for endpoints (the URLs pushes go to): `endpoints list|show|pause|resume`; show
// prints the breaker, queue and recent attempts as dotted lines (breaker.state, recent.successRate).

import type { Command } from 'commander';
import type { ManageCall } from './client.js';
import { printRecord, printTable, type Out } from './output.js';

/** Nested fields as "breaker.state" lines, for people. */
function flat(value: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const outv: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) Object.assign(outv, flat(v as Record<string, unknown>, `${prefix}${k}.`));
    else outv[`${prefix}${k}`] = v;
  }
  return outv;
}

const path = (id: string, verb = '') => `/v1/endpoints/${encodeURIComponent(id)}${verb}`;

export function registerEndpointCommands(program: Command, call: ManageCall, out: () => Out): void {
  const endpoints = program.command('endpoints').description('the URLs pushes go to: pause one to keep its pushes queued');

  endpoints.command('list').description('every endpoint, oldest first').action(async () => {
    // Every page, following nextCursor: the API answers a page at a time.
    const all: Array<Record<string, unknown>> = [];
    let cursor: string | undefined;
    do {
      const page = (await call('GET', `/v1/endpoints?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)) as
        { endpoints: Array<Record<string, unknown>>; nextCursor?: string };
      all.push(...page.endpoints);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    printTable(out(), { endpoints: all }, all, ['id', 'paused', 'pausedReason', 'url']);
  });

  endpoints.command('show <idOrUrl>').description('one endpoint: breaker, queue, last error, success rate and latency over the last hour').action(async (id: string) => {
    const answer = (await call('GET', path(id))) as { endpoint: Record<string, unknown> };
    printRecord(out(), out().json ? answer.endpoint : flat(answer.endpoint));
  });

  endpoints.command('pause <idOrUrl>').description('keeps its pushes queued until resumed')
    .option('--reason <text>', 'why (shown in the list)')
    .action(async (id: string, o: { reason?: string }) => {
      const answer = (await call('POST', path(id, '/pause'), o.reason ? { reason: o.reason } : {})) as { endpoint: Record<string, unknown> };
      printRecord(out(), answer.endpoint);
    });

  endpoints.command('resume <idOrUrl>').description('delivers its waiting pushes').action(async (id: string) => {
    printRecord(out(), ((await call('POST', path(id, '/resume'))) as { endpoint: Record<string, unknown> }).endpoint);
  });
}
