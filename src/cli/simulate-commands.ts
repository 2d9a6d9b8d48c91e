// `voxcall simulate call`: a simulated caller dials one of the platform's numbers, a thin mirror of
// POST /v1/simulator/calls (docs/inbound.md, "Simulated calls").

import { InvalidArgumentError, type Command } from 'commander';
import { integer } from './app-commands.js';
import type { ManageCall } from './client.js';
import { printRecord, type Out } from './output.js';

/** "12,3#": the keys of each collection, comma-separated. */
function digitList(v: string): string[] {
  const list = v.split(',').map((s) => s.trim());
  if (list.some((d) => !/^[0-9*#]{1,32}$/.test(d))) throw new InvalidArgumentError('keys 0-9, * and #, one group per collection, comma-separated (e.g. 1,23#)');
  return list;
}

export function registerSimulateCommands(program: Command, call: ManageCall, out: () => Out): void {
  const simulate = program.command('simulate').description('the simulated network: callers that dial the platform');
  simulate.command('call').description('a simulated caller dials one of the platform\'s numbers; prints the call\'s sessionId (see `calls show`)')
    .requiredOption('--from <number>', 'the caller\'s number, e.g. +8613800000001')
    .requiredOption('--to <number>', 'the platform\'s number called')
    .option('--digits <groups>', 'keys pressed, one group per digit collection, comma-separated (e.g. 1,23#)', digitList)
    .option('--hangup-after-s <n>', 'the caller hangs up n seconds after the answer (default: stays until the platform ends the call)', integer)
    .option('--press-after-s <n>', 'seconds from the start of a collection to the keys (default 1)', integer)
    .option('--cancel-after-s <n>', 'the caller gives up n seconds after dialling if the platform has not taken the call yet (default: waits)', integer)
    .action(async (o: { from: string; to: string; digits?: string[]; hangupAfterS?: number; pressAfterS?: number; cancelAfterS?: number }) => {
      const answer = (await call('POST', '/v1/simulator/calls', {
        from: o.from, to: o.to,
        ...(o.digits ? { digits: o.digits } : {}),
        ...(o.hangupAfterS !== undefined ? { hangupAfterS: o.hangupAfterS } : {}),
        ...(o.pressAfterS !== undefined ? { pressAfterS: o.pressAfterS } : {}),
        ...(o.cancelAfterS !== undefined ? { cancelAfterS: o.cancelAfterS } : {}),
      })) as Record<string, unknown>;
      const how = answer.accepted !== true ? 'refused (docs/inbound.md, "Refusals")'
        : answer.callerGone === true ? 'taken after the caller gave up: never answered, recorded no_answer'
          : 'answered: `voxcall calls show <sessionId>` follows it';
      printRecord(out(), answer, how);
    });
}
