// `voxcall migrate-store --from <data dir> --to <postgres url>`: unlike the other commands, not a
// client of the management API but a one-off move of a stopped SQLite voxcall's database into an
// empty PostgreSQL database (src/store/migrate-store/). Refusals are one line (main.ts prints them).

import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { migrateStore, type TableCopied } from '../store/migrate-store/index.js';
import { CliError } from './errors.js';

interface Options {
  from: string;
  to?: string;
  schema?: string;
}

const env = process.env;
const write = (line: string) => process.stdout.write(`${line}\n`);

export function registerMigrateStoreCommand(program: Command): void {
  program.command('migrate-store')
    .description('copies a stopped SQLite voxcall\'s database (apps, numbers, media, templates, lists, subscriptions, calls, pushes and their attempts, the feed) into an empty PostgreSQL database')
    .requiredOption('--from <dir>', 'the data directory of the SQLite voxcall (holds voxcall.db)')
    .option('--to <url>', 'the PostgreSQL database, postgres://user:password@host:port/db (env VOXCALL_DATABASE_URL)')
    .option('--schema <name>', 'the schema to fill, created if missing (env VOXCALL_DATABASE_SCHEMA; default: the server\'s search_path)')
    .action(async (o: Options) => {
      const to = o.to ?? (env.VOXCALL_DATABASE_URL || undefined);
      if (to === undefined) throw new CliError('name the PostgreSQL database: --to postgres://... or VOXCALL_DATABASE_URL');
      const from = resolve(o.from);
      const started = performance.now();
      let total = 0;
      let first = true;
      const result = await migrateStore({
        from, to, toFrom: o.to !== undefined ? '--to' : 'VOXCALL_DATABASE_URL',
        schema: o.schema ?? (env.VOXCALL_DATABASE_SCHEMA || undefined),
        now: Date.now(),
        onTable(t) {
          if (first) write(`copying ${join(from, 'voxcall.db')}:`);
          first = false;
          total += t.rows;
          write(tableLine(t));
        },
      });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      write(`copied ${total} rows into ${result.target} in ${seconds} s, in one transaction (committed)`);
      write(`the files stay in ${from} (recordings/, media/; the rows name them by path): every node on this database must see that directory at the same path`);
    });
}

function tableLine(t: TableCopied): string {
  const skipped = t.skipped > 0 ? ` (${t.skipped} ${t.skipReason ?? 'skipped'}, left behind)` : '';
  return `  ${t.table.padEnd(16)} ${String(t.rows).padStart(9)}${skipped}`;
}
