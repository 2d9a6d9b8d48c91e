// CLI commands for IP lockouts (1020176): `lockouts list`, `lockouts clear <ip>` / `--all`.

import type { Command } from 'commander';
import { CliError, type ManageCall } from './client.js';
import { printDone, printTable, type Out } from './output.js';

export function registerLockoutCommands(program: Command, call: ManageCall, out: () => Out): void {
  const lockouts = program.command('lockouts').description('IPs blocked after repeated authentication failures (1020176)');

  lockouts.command('list').description('blocked IPs, then IPs with recent failures')
    .option('--limit <n>', 'at most n rows (1-1000)', '100')
    .action(async (o: { limit: string }) => {
      const answer = (await call('GET', `/v1/lockouts?limit=${encodeURIComponent(o.limit)}`)) as { lockouts: Array<Record<string, unknown>>; total: number };
      const rows = answer.lockouts.map((l) => ({ ...l, blockedUntil: l.blockedUntil ?? undefined, lastFailureAt: l.lastFailureAt ?? undefined }));
      printTable(out(), answer, rows, ['ip', 'blocked', 'failures', 'blockedUntil', 'lastFailureAt']);
    });

  lockouts.command('clear [ip]').description('lifts the block of one IP (or of all with --all) and forgets its failures')
    .option('--all', 'every IP')
    .action(async (ip: string | undefined, o: { all?: boolean }) => {
      if ((ip === undefined) === (o.all !== true)) throw new CliError('name one IP, or pass --all');
      if (ip === undefined) {
        const answer = (await call('DELETE', '/v1/lockouts')) as { cleared: number };
        printDone(out(), answer, `cleared ${answer.cleared} IP(s)`);
      } else {
        const answer = (await call('DELETE', `/v1/lockouts/${encodeURIComponent(ip)}`)) as { cleared: string };
        printDone(out(), answer, `cleared ${answer.cleared}`);
      }
    });
}
