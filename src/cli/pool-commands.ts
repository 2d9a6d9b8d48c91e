// `voxcall pools ...`: privacy-number pools from a terminal, a thin mirror of
// /v1/apps/:appKey/pools and (read-only, plus unbind) /v1/apps/:appKey/bindings (docs/privacy-numbers.md).

import type { Command } from 'commander';
import type { ManageCall } from './client.js';
import { printDone, printRecord, printTable, type Out } from './output.js';

type Pool = Record<string, unknown> & { numberPoolNo: string; numbers?: Array<Record<string, unknown>> };

export function registerPoolCommands(program: Command, call: ManageCall, out: () => Out): void {
  const pools = program.command('pools').description('privacy-number pools: X numbers an app binds A and B to');
  const path = (appKey: string, rest = '') => `/v1/apps/${encodeURIComponent(appKey)}/pools${rest}`;
  const one = (appKey: string, poolId: string, rest = '') => path(appKey, `/${encodeURIComponent(poolId)}${rest}`);

  pools.command('create <appKey>').description('creates a pool (its id is the vsp push\'s numberPoolNo)')
    .option('--id <numberPoolNo>', 'the pool id (default: generated NP...)')
    .option('--name <name>', 'a name for people')
    .action(async (appKey: string, o: { id?: string; name?: string }) => {
      const answer = (await call('POST', path(appKey), { ...(o.id ? { numberPoolNo: o.id } : {}), ...(o.name ? { name: o.name } : {}) })) as Pool;
      printDone(out(), answer, `created pool ${answer.numberPoolNo}`);
    });

  pools.command('list <appKey>').description("the app's pools")
    .action(async (appKey: string) => {
      const answer = (await call('GET', path(appKey))) as { pools: Pool[] };
      printTable(out(), answer, answer.pools, ['numberPoolNo', 'name', 'createdAt']);
    });

  pools.command('show <appKey> <poolId>').description('a pool with its X numbers and the active bindings each carries')
    .action(async (appKey: string, poolId: string) => {
      const answer = (await call('GET', one(appKey, poolId))) as Pool;
      if (out().json) return printRecord(out(), answer);
      const { numbers, ...rest } = answer;
      printRecord(out(), rest);
      printTable(out(), answer, numbers ?? [], ['number', 'areaCode', 'bindings', 'addedAt']);
    });

  pools.command('delete <appKey> <poolId>').description('deletes a pool that carries no active binding')
    .action(async (appKey: string, poolId: string) => {
      const answer = await call('DELETE', one(appKey, poolId));
      printDone(out(), answer, `deleted pool ${poolId}`);
    });

  pools.command('add-number <appKey> <poolId> <number>').description('adds an X: a display number of the app')
    .option('--area-code <digits>', 'its city / area code, e.g. 755')
    .action(async (appKey: string, poolId: string, number: string, o: { areaCode?: string }) => {
      const answer = await call('POST', one(appKey, poolId, '/numbers'), { number, ...(o.areaCode ? { areaCode: o.areaCode } : {}) });
      printDone(out(), answer, `added ${number} to pool ${poolId}`);
    });

  pools.command('remove-number <appKey> <poolId> <number>').description('removes an X that carries no active binding')
    .action(async (appKey: string, poolId: string, number: string) => {
      const answer = await call('DELETE', one(appKey, poolId, `/numbers/${encodeURIComponent(number)}`));
      printDone(out(), answer, `removed ${number} from pool ${poolId}`);
    });

  pools.command('bindings <appKey>').description("the app's active bindings")
    .option('--pool <poolId>', 'of this pool only')
    .option('--number <number>', 'with this number as A or B')
    .action(async (appKey: string, o: { pool?: string; number?: string }) => {
      const q = new URLSearchParams({ ...(o.pool ? { numberPoolNo: o.pool } : {}), ...(o.number ? { phoneNo: o.number } : {}), limit: '200' });
      const answer = (await call('GET', `/v1/apps/${encodeURIComponent(appKey)}/bindings?${q.toString()}`)) as { bindings: Array<Record<string, unknown>> };
      printTable(out(), answer, answer.bindings, ['subscriptionId', 'numberPoolNo', 'bindType', 'phoneNoX', 'phoneNoA', 'phoneNoB', 'expireAt']);
    });

  pools.command('unbind <appKey> <subscriptionId>').description('ends a binding (its calls in progress go on)')
    .action(async (appKey: string, subscriptionId: string) => {
      const answer = await call('DELETE', `/v1/apps/${encodeURIComponent(appKey)}/bindings/${encodeURIComponent(subscriptionId)}`);
      printDone(out(), answer, `unbound ${subscriptionId}`);
    });
}
