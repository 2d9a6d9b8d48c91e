// A real phone for tests and demos: one baresip process on 127.0.0.1 with its own config dir and
// ports, auto-answering, playing a known sound, recording what it hears, driven over ctrl_tcp.
// Facts this relies on (measured here): docs/lab.md.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { accountsText, configText, type PhoneConfig } from './baresip-config.js';
import { CtrlClient, type CtrlEvent } from './ctrl-tcp.js';
import { freeTcpPort, freeUdpPort, freeUdpRange, tcpPortFree } from './free-port.js';
import { writePhoneSource } from './phone-audio.js';
import { sipOptions } from './sip-probe.js';
import { readWav } from './wav-file.js';
import { waitUntil } from './wait.js';

export type { CtrlEvent } from './ctrl-tcp.js';

export interface PhoneOptions {
  /** The account's user part: the phone is sip:NAME@127.0.0.1:PORT. */
  name: string;
  /** What the phone plays once a call is up; silence if absent. */
  tone?: { frequencyHz: number; amplitude?: number } | { wav: string };
  /** The only codec offered/accepted; both G.711 laws (PCMU first) if absent. */
  codec?: 'PCMU' | 'PCMA';
  /** Default true: answers every call at once. false: rings until answer(). */
  autoAnswer?: boolean;
  /** The phone's config and recordings dir, kept on stop(); a fresh temp dir, removed on stop(), if absent. */
  dir?: string;
  /** baresip ends a call when its sound file runs out ("end of file"); the file lasts this long. Default 120. */
  maxCallSeconds?: number;
  /** Deadline for the process to be ready. Default 15000 ms (a loaded 2-core machine). */
  readyTimeoutMs?: number;
}

export interface Phone {
  readonly name: string;
  readonly uri: string;
  readonly sipPort: number;
  readonly rtpPorts: [number, number];
  readonly ctrlPort: number;
  readonly dir: string;
  readonly pid: number;
  /** Every ctrl_tcp event so far, in arrival order. */
  readonly events: readonly CtrlEvent[];
  /** The first event of that type (already received or to come) the predicate accepts. */
  waitFor(type: string, predicate?: (e: CtrlEvent) => boolean, timeoutMs?: number): Promise<CtrlEvent>;
  dial(uri: string): Promise<void>;
  /** Answers a ringing call (autoAnswer: false). */
  answer(): Promise<void>;
  hangup(): Promise<void>;
  /**
   * Sends RFC 4733 digits, one `sndcode` each, `gapMs` apart; resolves once baresip has had the
   * time to put the last one on the wire (see docs/lab.md, "DTMF").
   */
  sendDigits(digits: string, gapMs?: number): Promise<void>;
  /** The digits received so far (CALL_DTMF_START params), in order. */
  digitsReceived(): string;
  /** Paths of the recordings of what the phone hears, now: a call's file is open (readWav says truncated) until it closes. */
  recordings(): string[];
  /** Paths of the recordings of what the phone heard, once their files are closed (after CALL_CLOSED). */
  heard(timeoutMs?: number): Promise<string[]>;
  /** Any other ctrl_tcp command (baresip 1.0's menu: `help` lists them); resolves with its data. */
  command(name: string, params?: string): Promise<string>;
  /** baresip's own output, for failure messages. */
  log(): string;
  /** Ends the process (SIGTERM, SIGKILL after 3 s) and removes the temp dir unless keep. */
  stop(opts?: { keep?: boolean }): Promise<void>;
}

/** Time baresip takes to send one RFC 4733 digit (measured 240 ms: 9 updates, 3 ends, 20 ms frames), plus margin. */
const DIGIT_WIRE_MS = 300;
const DIGITS = /^[0-9*#A-D]*$/;
// A script that dies with phones still up (an uncaught rejection) leaves no process and no temp dir.
const live = new Set<ChildProcess>();
const tempDirs = new Set<string>();
process.once('exit', () => {
  for (const p of live) p.kill('SIGKILL');
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

class PortClash extends Error {}

function missingBaresip(): Error {
  return new Error('baresip is not installed (not found on PATH): apt-get install -y baresip-core');
}

interface Started {
  child: ChildProcess;
  ctrl: CtrlClient;
  cfg: PhoneConfig;
  output: () => string;
}

async function launch(cfg: PhoneConfig, events: CtrlEvent[], onEvent: () => void, deadline: number): Promise<Started> {
  events.length = 0;
  writeFileSync(join(cfg.dir, 'config'), configText(cfg));
  writeFileSync(join(cfg.dir, 'accounts'), accountsText(cfg));
  let out = '';
  let exited: string | undefined;
  let spawnError: Error | undefined;
  const child = spawn('baresip', ['-f', cfg.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  child.once('error', (e: NodeJS.ErrnoException) => (spawnError = e.code === 'ENOENT' ? missingBaresip() : e));
  child.once('exit', (code, signal) => {
    live.delete(child);
    exited = `exited (${signal ?? `code ${code}`})`;
  });
  const clashed = () => /Address already in use/.test(out);
  const kill = async () => {
    child.kill('SIGKILL');
    await waitUntil(() => exited !== undefined || spawnError !== undefined, 3000, 'baresip to exit');
  };

  let ctrl: CtrlClient | undefined;
  const failure = () => {
    if (spawnError) return spawnError;
    if (clashed()) return new PortClash(out);
    if (exited) return new Error(`baresip ${exited} before it was ready:\n${out}`);
    return undefined;
  };
  try {
    await waitUntil(
      async () => {
        const f = failure();
        if (f) throw f;
        ctrl ??= await CtrlClient.connect(cfg.ctrlPort, (e) => {
          events.push(e);
          onEvent();
        }).catch(() => undefined);
        if (ctrl === undefined) return false;
        const answer = await sipOptions(cfg.sipPort, cfg.name, 250);
        if (answer === undefined) return false;
        // The SIP answer comes from the main loop, after every module loaded: a ctrl_tcp port
        // taken by someone else has been reported by now.
        const f2 = failure();
        if (f2) throw f2;
        await ctrl.command('reginfo');
        return true;
      },
      Math.max(0, deadline - Date.now()),
      `baresip ${cfg.name} to answer on ctrl_tcp ${cfg.ctrlPort} and SIP ${cfg.sipPort}`,
    );
  } catch (e) {
    // A failure found in the process's state says it all; a deadline or a refused command needs
    // baresip's own words beside it.
    const known = failure();
    ctrl?.close();
    if (!spawnError) await kill();
    throw known ?? new Error(`${(e as Error).message}\nbaresip output:\n${out}`);
  }
  return { child, ctrl: ctrl!, cfg, output: () => out };
}

async function pickPorts(): Promise<{ sipPort: number; rtpPorts: [number, number]; ctrlPort: number }> {
  // sip_listen binds UDP and TCP on the port: both must be free.
  let sipPort = await freeUdpPort();
  while (!(await tcpPortFree(sipPort))) sipPort = await freeUdpPort();
  const rtp = await freeUdpRange(10);
  return { sipPort, rtpPorts: [rtp, rtp + 9], ctrlPort: await freeTcpPort() };
}

export async function startPhone(opts: PhoneOptions): Promise<Phone> {
  if (!/^[a-zA-Z0-9.+_-]+$/.test(opts.name)) throw new Error(`phone name "${opts.name}" must be a plain SIP user part`);
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 15_000);
  const ownDir = opts.dir === undefined;
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), `voxcall-phone-${opts.name}-`));
  mkdirSync(dir, { recursive: true });
  if (ownDir) tempDirs.add(dir);
  const events: CtrlEvent[] = [];
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  let started: Started | undefined;
  try {
    const sourceWav = await writePhoneSource(dir, opts.tone ?? { silence: true }, opts.maxCallSeconds ?? 120);
    for (let attempt = 1; started === undefined; attempt++) {
      const cfg: PhoneConfig = { name: opts.name, dir, sourceWav, codec: opts.codec, autoAnswer: opts.autoAnswer ?? true, ...(await pickPorts()) };
      try {
        started = await launch(cfg, events, notify, deadline);
      } catch (e) {
        if (!(e instanceof PortClash) || attempt >= 5) throw e instanceof PortClash ? new Error(`baresip kept meeting taken ports:\n${e.message}`) : e;
      }
    }
  } catch (e) {
    if (ownDir) rmSync(dir, { recursive: true, force: true });
    tempDirs.delete(dir);
    throw e;
  }
  return makePhone(started, events, waiters, ownDir);
}

function makePhone(s: Started, events: CtrlEvent[], waiters: Set<() => void>, ownDir: boolean): Phone {
  const { child, ctrl, cfg } = s;
  let exitedFlag = child.exitCode !== null || child.signalCode !== null;
  child.once('exit', () => {
    exitedFlag = true;
    for (const w of [...waiters]) w();
  });
  let wireFreeAt = 0;
  const phone: Phone = {
    name: cfg.name,
    uri: `sip:${cfg.name}@127.0.0.1:${cfg.sipPort}`,
    sipPort: cfg.sipPort,
    rtpPorts: cfg.rtpPorts,
    ctrlPort: cfg.ctrlPort,
    dir: cfg.dir,
    pid: child.pid!,
    events,
    waitFor(type, predicate = () => true, timeoutMs = 15_000) {
      const match = () => events.find((e) => e.type === type && predicate(e));
      const found = match();
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        const check = () => {
          const e = match();
          if (e) {
            done();
            resolve(e);
          } else if (exitedFlag) {
            done();
            reject(new Error(`${cfg.name}: baresip exited while waiting for ${type}\n${s.output()}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          const seen = events.map((e) => `${e.type}${e.param ? `(${e.param})` : ''}`).join(' ');
          reject(new Error(`${cfg.name}: no ${type} within ${timeoutMs} ms; events: ${seen || 'none'}`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    async dial(uri) {
      await ctrl.command('dial', uri);
    },
    async answer() {
      await ctrl.command('accept');
    },
    async hangup() {
      await ctrl.command('hangup');
    },
    async sendDigits(digits, gapMs = 0) {
      if (!DIGITS.test(digits)) throw new Error(`"${digits}": RFC 4733 digits are 0-9 * # A-D`);
      for (let i = 0; i < digits.length; i++) {
        if (i > 0 && gapMs > 0) await delay(gapMs);
        await ctrl.command('sndcode', digits[i]);
        // baresip queues digits and clocks each out over DIGIT_WIRE_MS of audio frames.
        wireFreeAt = Math.max(Date.now(), wireFreeAt) + DIGIT_WIRE_MS;
      }
      const left = wireFreeAt - Date.now();
      if (left > 0) await delay(left);
    },
    digitsReceived() {
      return events
        .filter((e) => e.type === 'CALL_DTMF_START')
        .map((e) => e.param ?? '')
        .join('');
    },
    recordings() {
      return readdirSync(cfg.dir)
        .filter((f) => /^dump-.*-dec\.wav$/.test(f))
        .sort()
        .map((f) => join(cfg.dir, f));
    },
    async heard(timeoutMs = 5000) {
      const closed = () => phone.recordings().every((f) => !readWav(f).truncated);
      await waitUntil(closed, timeoutMs, `${cfg.name}'s recordings to be closed (is a call still up?)`);
      return phone.recordings();
    },
    command: (name, params = '') => ctrl.command(name, params),
    log: s.output,
    async stop(opts = {}) {
      ctrl.close();
      if (!exitedFlag) {
        child.kill('SIGTERM');
        try {
          await waitUntil(() => exitedFlag, 3000, 'baresip to exit on SIGTERM');
        } catch {
          child.kill('SIGKILL');
          await waitUntil(() => exitedFlag, 3000, 'baresip to exit on SIGKILL');
        }
      }
      if (ownDir && !opts.keep) rmSync(cfg.dir, { recursive: true, force: true });
      tempDirs.delete(cfg.dir);
    },
  };
  return phone;
}
