// CLI commands for calls: `calls list|show|stop|place`, a thin mirror of /v1/calls and
// POST /v1/apps/:appKey/calls (docs/management-api.md, calls).

import { InvalidArgumentError, type Command } from 'commander';
import { integer } from './app-commands.js';
import { CliError, type ManageCall } from './client.js';
import { printDone, printRecord, printTable, type Out } from './output.js';
import { pageLimit, query } from './query.js';

type Row = Record<string, unknown>;

const KINDS = ['callback', 'notify', 'verify'];
/** What a listing filters on: the plan's kind, so also flow calls and calls that came in. */
const LISTED_KINDS = [...KINDS, 'flow', 'inbound'];

const oneOf = (kinds: string[]) => (v: string): string => {
  if (!kinds.includes(v)) throw new InvalidArgumentError(`one of ${kinds.join(', ')}`);
  return v;
};
const kind = oneOf(KINDS);

const callPath = (sessionId: string, rest = '') => `/v1/calls/${encodeURIComponent(sessionId)}${rest}`;

/** A listed call as one table row: its numbers flattened. */
function row(c: Row): Row {
  const n = (c.numbers ?? {}) as Row;
  return { ...c, display: n.display, caller: n.caller, callee: n.callee };
}

function printCall(out: Out, server: string, d: Row & { call: Row; legs: Row[]; events: Row[]; media: Row[]; digits: string[]; hangup?: Row; recording?: Row; pushes: Array<Row & { attempts: Row[] }> }): void {
  if (out.json) return printRecord(out, d);
  const { numbers: _n, ...call } = row(d.call);
  printRecord(out, {
    ...call,
    hangup: d.hangup ? `${String(d.hangup.stateCode)} ${String(d.hangup.meaning)} (ulFailReason ${String(d.hangup.ulFailReason)}, released by ${String(d.hangup.partyType)})` : undefined,
    digits: d.digits,
    media: d.media.map((m) => `${String(m.what)}=${String(m.kind)}:${String(m.name)}`),
    // The API gives a path when VOXCALL_PUBLIC_URL is unset; printed absolute, it can be pasted into curl.
    recording: typeof d.recording?.link === 'string' && d.recording.link.startsWith('/') ? server + d.recording.link : d.recording?.link,
    userData: d.userData,
  });
  const section = (title: string, rows: Row[], columns: string[]) => {
    console.log(`\n${title}`);
    printTable(out, rows, rows, columns);
  };
  section('legs', d.legs, ['leg', 'number', 'shown', 'startAt', 'alertingAt', 'answerAt', 'endAt', 'q850', 'sipStatus']);
  section('events', d.events, ['seq', 'type', 'leg', 'at', 'digitInfo', 'stateCode', 'stateDesc']);
  section('pushes', d.pushes.map((p) => {
    const last = p.attempts.at(-1);
    return { ...p, attempts: p.attempts.length, last: last ? `${last.ok ? 'ok' : String(last.errorClass ?? 'error')} ${String(last.httpStatus ?? '')}`.trim() : undefined };
  }), ['id', 'kind', 'format', 'state', 'attempts', 'last', 'url']);
}

/** `server`: the CLI's server URL without a trailing slash, for the links the API gives as paths. */
export function registerCallCommands(program: Command, call: ManageCall, out: () => Out, server: () => string): void {
  const calls = program.command('calls').description('calls: list, inspect, stop, place a test call');

  calls.command('list').description('lists calls, newest first')
    .option('--app <appKey>', 'the app')
    .option('--kind <kind>', 'callback, notify, verify, flow or inbound', oneOf(LISTED_KINDS))
    .option('--state <state>', 'active (in progress) or ended')
    .option('--outcome <outcome>', 'answered, busy, no_answer, powered_off, vacant, rejected, unreachable, cancelled, failed')
    .option('--number <number>', 'any number of the call (display, caller, callee), e.g. +8613900000001')
    .option('--from <time>', 'placed at or after (ISO 8601)')
    .option('--to <time>', 'placed before (ISO 8601)')
    .option('--limit <n>', '1-500 (default 100)', pageLimit)
    .option('--cursor <cursor>', 'the next page (printed under a full page)')
    .action(async (o: Record<string, string | undefined>) => {
      const answer = (await call('GET', `/v1/calls${query({
        appKey: o.app, kind: o.kind, state: o.state, outcome: o.outcome, number: o.number, from: o.from, to: o.to, limit: o.limit, cursor: o.cursor,
      })}`)) as { calls: Row[]; nextCursor?: string };
      printTable(out(), answer, answer.calls.map(row), ['sessionId', 'kind', 'state', 'outcome', 'stateCode', 'display', 'caller', 'callee', 'createdAt', 'talkSeconds']);
      if (!out().json && answer.nextCursor) console.log(`more: --cursor ${answer.nextCursor}`);
    });

  calls.command('show <sessionId>').description('one call: legs, events, media, digits, hangup reason, recording link, pushes')
    .action(async (sessionId: string) => {
      const answer = (await call('GET', callPath(sessionId))) as Parameters<typeof printCall>[2];
      printCall(out(), server(), answer);
    });

  calls.command('stop <sessionId>').description('ends a call in progress (hangup reason 8017, as callStop)')
    .action(async (sessionId: string) => {
      const answer = await call('POST', callPath(sessionId, '/stop'));
      printDone(out(), answer, `stopping ${sessionId}`);
    });

  calls.command('place')
    .argument('<kind>', 'callback, notify or verify', kind)
    .argument('<callee>', 'the number called (a callback\'s B leg)')
    .description('places a test call for an app (callback, notify or verify), through the same policies as the call APIs')
    .requiredOption('--app <appKey>', 'the app that places it')
    .option('--caller <number>', 'callback: the A leg, called first')
    .option('--display <number>', 'display number (default: the app\'s first active one)')
    .option('--callee-display <number>', 'callback: the number shown to the callee (default: --display)')
    .option('--voice <file>', 'notify: the voice file played (default welcome.wav); verify: the tone before the code (default pretone.wav)')
    .option('--template <id>', 'notify: a TTS template, with --params')
    .option('--params <list>', 'notify: the template\'s values, comma-separated', (v: string) => v.split(','))
    .option('--collect <n>', 'notify: collect up to n digits after the item', integer)
    .option('--code <digits>', 'verify: the code read')
    .option('--times <n>', 'verify: how many readings (default 3)', integer)
    .option('--record', 'callback: record the call')
    .option('--max-duration <minutes>', 'callback: 0 = no limit', integer)
    .option('--user-data <text>', 'userData, echoed in the pushes')
    .action(async (k: string, callee: string, o: {
      app: string; caller?: string; display?: string; calleeDisplay?: string; voice?: string; template?: string; params?: string[];
      collect?: number; code?: string; times?: number; record?: boolean; maxDuration?: number; userData?: string;
    }) => {
      // Checked here so the refusal names the flags, not the API's fields.
      if (k === 'callback' && o.caller === undefined) throw new CliError('calls place callback needs --caller <number>: the A leg, called first');
      if (k === 'verify' && o.code === undefined) throw new CliError('calls place verify needs --code <digits>: the code read');
      const body = {
        kind: k, callee, caller: o.caller, display: o.display, calleeDisplay: o.calleeDisplay, voice: o.voice, template: o.template,
        params: o.params, collect: o.collect, code: o.code, times: o.times, record: o.record, maxDuration: o.maxDuration, userData: o.userData,
      };
      const answer = (await call('POST', `/v1/apps/${encodeURIComponent(o.app)}/calls`, body)) as { sessionId: string };
      printDone(out(), answer, `placed ${answer.sessionId} (voxcall calls show ${answer.sessionId})`);
    });
}
