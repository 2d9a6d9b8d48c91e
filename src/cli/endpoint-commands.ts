// CLI commands for endpoints (the URLs pushes go to): `endpoints list|show|pause|resume`.

import type { Command } from 'commander';
import type { ManageCall } from './client.js';
import { printRecord, printTable, type Out } from './output.js';

const path = (id: string, verb = '') => `/v1/endpoints/${encodeURIComponent(id)}${verb}`;

export function registerEndpointCommands(program: Command, call: ManageCall, out: () => Out): void {
  const endpoints = program.command('endpoints').description('the URLs pushes go to: pause one to keep its pushes queued');

  endpoints.command('list').description('every endpoint, oldest first').action(async () => {
    const answer = (await call('GET', '/v1/endpoints')) as { endpoints: Array<Record<string, unknown>> };
    printTable(out(), answer, answer.endpoints, ['id', 'paused', 'pausedReason', 'url']);
  });

  endpoints.command('show <idOrUrl>').description('one endpoint').action(async (id: string) => {
    printRecord(out(), ((await call('GET', path(id))) as { endpoint: Record<string, unknown> }).endpoint);
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
