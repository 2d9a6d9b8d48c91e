// The global options (--server, --token, --json) are parsed wherever they appear on the command
// line, so a command must never define an option of the same name: the global one would take its
// value. That is how `--url` once meant both the server and a subscription's push URL, and sent the
// token to the push URL. The server is --server now; a `--url` given where no command takes one
// is refused with a pointer to --server rather than commander's bare "unknown option".

import type { Command } from 'commander';
import { CliError } from './errors.js';

const longNames = (cmd: Command): string[] => cmd.options.map((o) => o.long).filter((l): l is string => l !== undefined);

/** Commands (by path) that define an option the program also defines. */
export function globalOptionClashes(program: Command): string[] {
  const globals = new Set(longNames(program));
  const clashes: string[] = [];
  const walk = (cmd: Command, path: string[]) => {
    for (const sub of cmd.commands) {
      const here = [...path, sub.name()];
      for (const name of longNames(sub)) if (globals.has(name)) clashes.push(`${here.join(' ')} ${name}`);
      walk(sub, here);
    }
  };
  walk(program, []);
  return clashes;
}

/**
 * Refuses `--url` where the command in force at that point of the line takes none (before any
 * command, or after one like `app list`). Commander would refuse it too, without saying that the
 * server address is --server.
 */
export function refuseMisplacedUrl(program: Command, args: string[]): void {
  let cmd = program;
  // Commander dispatches on the first operand only: an id that happens to be a command name is an id.
  let operandSeen = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return;
    if (arg.startsWith('-')) {
      if ((arg === '--url' || arg.startsWith('--url=')) && !longNames(cmd).includes('--url')) {
        const where = cmd === program ? 'voxcall itself' : `\`voxcall ${commandPath(cmd).join(' ')}\``;
        throw new CliError(`--url is not an option of ${where}: the address of voxcall is --server (env VOXCALL_SERVER); --url is the push URL of \`subscriptions add\` and \`subscriptions update\``);
      }
      const option = [...cmd.options, ...program.options].find((o) => o.long === arg || o.short === arg);
      if (option && (option.required || option.optional)) i++;
      continue;
    }
    const sub = operandSeen ? undefined : cmd.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (sub) cmd = sub;
    else operandSeen = true;
  }
}

function commandPath(cmd: Command): string[] {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names;
}
