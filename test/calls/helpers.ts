// Test harness: a manual clock, the simulated network, an in-memory sink and media catalog.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TtsTemplate, VoiceFile } from '../../src/domain/app.js';
import type { Call, CallbackPlan, CallEvent, CallPlan, CallRecord, NotifyPlan, VerifyPlan } from '../../src/domain/call.js';
import type { MediaCatalog } from '../../src/domain/media.js';
import { ManualClock } from '../../src/lib/clock.js';
import { createCallEngine, type CallTimings } from '../../src/calls/index.js';
import type { CallSink } from '../../src/calls/types.js';
import { SimulatedNetwork, type Rule, type TraceEntry } from '../../src/network/simulated/index.js';

export const T0 = Date.UTC(2026, 0, 1);
export const APP = 'app-key-1';
export const DISPLAY = '+8675500000001';
export const DISPLAY_B = '+8675500000002';
export const n = (suffix: string) => `+86139000000${suffix}`;
/** Any number outside the test block: answers after 3 s, talks 30 s. */
export const OTHER = '+8613800000000';

export class MemorySink implements CallSink {
  events: CallEvent[] = [];
  finished: Array<{ call: Call; record: CallRecord; finalEvent?: CallEvent }> = [];
  async event(_call: Call, e: CallEvent): Promise<void> {
    this.events.push(e);
  }
  async finish(call: Call, record: CallRecord, finalEvent?: CallEvent): Promise<void> {
    this.finished.push(finalEvent ? { call, record, finalEvent } : { call, record });
  }
  /** All events of the call including the final disconnect, compacted for assertions. */
  timeline(): Array<[string, string, number]> {
    const all = [...this.events, ...this.finished.flatMap((f) => (f.finalEvent ? [f.finalEvent] : []))];
    return all.map((e) => [e.type, e.leg, e.at - T0]);
  }
  get record(): CallRecord {
    const f = this.finished[0];
    if (!f) throw new Error('call not finished');
    return f.record;
  }
  get disconnect(): CallEvent {
    const e = this.finished[0]?.finalEvent;
    if (!e) throw new Error('no disconnect');
    return e;
  }
}

export class MemoryMedia implements MediaCatalog {
  files: VoiceFile[] = [
    { name: 'welcome.wav', appKey: APP, durationMs: 4000, path: '/media/welcome.wav', review: 'approved' },
    { name: 'pre_voice1.wav', appKey: APP, durationMs: 2500, path: '/media/pre.wav', review: 'approved' },
    { name: 'wait_voice1.wav', appKey: APP, durationMs: 5000, path: '/media/wait.wav', review: 'approved' },
    { name: 'lastmin_voice1.wav', appKey: APP, durationMs: 3500, path: '/media/lastmin.wav', review: 'approved' },
    { name: 'post.wav', appKey: APP, durationMs: 1500, path: '/media/post.wav', review: 'approved' },
    { name: 'voxcall_record_hint.wav', durationMs: 2200, path: '/media/hint.wav', review: 'approved' },
  ];
  templates: TtsTemplate[] = [{ id: 'tpl1', appKey: APP, content: '您有${NUM_2}件快递请到${TXT_32}领取', review: 'approved' }];
  voiceFile(appKey: string, name: string): VoiceFile | undefined {
    return this.files.find((f) => f.name === name && f.appKey === appKey) ?? this.files.find((f) => f.name === name && f.appKey === undefined);
  }
  template(appKey: string, id: string): TtsTemplate | undefined {
    return this.templates.find((t) => t.id === id && (t.appKey === appKey || t.appKey === undefined));
  }
}

// Every harness writes recordings to its own temp dir; they go when the test process ends.
const madeDirs: string[] = [];
process.once('exit', () => {
  for (const d of madeDirs) rmSync(d, { recursive: true, force: true });
});

export function harness(opts: { rules?: Rule[]; timings?: Partial<CallTimings> } = {}) {
  const clock = new ManualClock(T0);
  const network = new SimulatedNetwork({ clock, trace: true, ...(opts.rules ? { rules: opts.rules } : {}) });
  // The simulated network is up once start() is called (nothing to await); the harness stays synchronous.
  void network.start();
  const sink = new MemorySink();
  const media = new MemoryMedia();
  const recordingsDir = mkdtempSync(join(tmpdir(), 'voxcall-rec-'));
  madeDirs.push(recordingsDir);
  const errors: unknown[] = [];
  const engine = createCallEngine({
    network,
    sink,
    clock,
    media,
    hostName: 'node1.voxcall.test',
    recordDomain: 'rec.voxcall.test',
    recordBucket: 'voxcall-records',
    recordingsDir,
    onError: (e) => errors.push(e),
    ...(opts.timings ? { timings: opts.timings } : {}),
  });
  // After each timer, advance() waits until the calls it moved are done with what it set off.
  clock.whenIdle(() => engine.settled());
  const trace = (sessionId = SESSION): TraceEntry[] => network.trace.filter((t) => t.sessionId === sessionId);
  const plays = (leg?: 'A' | 'B') =>
    trace()
      .filter((t) => t.action === 'play' && (!leg || t.leg === leg))
      .map((t) => [t.leg, t.at - T0, t.media!.kind, t.media!.name, t.loop] as const);
  return { clock, network, sink, media, engine, recordingsDir, errors, trace, plays };
}

export const SESSION = '1202_566_0_20260101000000@callenabler.voxcall.test';

export function makeCall(plan: CallPlan, extra: Partial<Call> = {}): Call {
  return { sessionId: SESSION, icid: 'CAE-1', appKey: APP, spId: 'sp1', plan, userData: 'cwgtest', createdAt: T0, ...extra };
}

export function callback(p: Partial<CallbackPlan> = {}): Call {
  return makeCall({
    kind: 'callback',
    displayNbr: DISPLAY,
    callerNbr: n('01'),
    displayCalleeNbr: DISPLAY_B,
    calleeNbr: OTHER,
    maxDuration: 0,
    lastMinToUE: 'both',
    playPreVoice: false,
    calleeMedia: 'all',
    recordFlag: false,
    partyTypeRequiredInDisconnect: false,
    ...p,
  });
}

export function notify(p: Partial<NotifyPlan> = {}): Call {
  return makeCall({ kind: 'notify', displayNbr: DISPLAY, calleeNbr: OTHER, playInfoList: [], ...p });
}

export function verify(p: Partial<VerifyPlan> = {}): Call {
  return makeCall({ kind: 'verify', displayNbr: DISPLAY, calleeNbr: OTHER, languageType: 2, preTone: 'welcome.wav', verifyCode: '1234', times: 3, ...p });
}
