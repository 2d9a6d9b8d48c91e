// The platform's logger: pino, ISO times a person can read, secrets redacted wherever they might
// ride along. On a terminal the lines are pretty (pino-pretty, in this thread: a person watching
// needs no worker); anywhere else they are JSON, one object a line, for log shippers.

import type { Writable } from 'node:stream';
import { pino, stdTimeFunctions, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';

/**
 * Never written to a log: app secrets, subscription secrets, the admin token, bearer and AK/SK
 * headers and the X-AKSK digest. A value under one of these keys prints as "[redacted]".
 */
export const REDACT_PATHS = [
  'appSecret', '*.appSecret', 'previousSecret', '*.previousSecret', 'secret', '*.secret',
  'adminToken', '*.adminToken', 'token', '*.token', 'passwordDigest', '*.passwordDigest',
  'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization',
  'headers["x-aksk"]', '*.headers["x-aksk"]', 'req.headers["x-aksk"]', 'req.headers.authorization', 'xAksk', '*.xAksk',
];

export const LOG_OPTIONS = {
  timestamp: stdTimeFunctions.isoTime,
  redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  formatters: { level: (label: string) => ({ level: label }) },
} satisfies LoggerOptions;

export interface LoggerSetup {
  level: string;
  /** Where lines go; default stdout. */
  destination?: Writable & { isTTY?: boolean };
  /** Default: pretty when the destination is a terminal. */
  pretty?: boolean;
}

export function createLogger(setup: LoggerSetup): Logger {
  const out = setup.destination ?? process.stdout;
  const human = setup.pretty ?? out.isTTY === true;
  const stream: DestinationStream = human
    ? pretty({ destination: out, colorize: out.isTTY === true, sync: true, translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l o', ignore: 'pid,hostname' })
    : (out as DestinationStream);
  return pino({ ...LOG_OPTIONS, level: setup.level }, stream);
}
