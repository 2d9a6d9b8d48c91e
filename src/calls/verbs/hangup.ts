// hangup: ends the call: releases every leg, stops the recording, and stores the call's one
// disconnect with its record. How the call ended (codes, releasing party, the disconnect's leg
// and time) is the caller's to say: the same end means different codes in different services.

import type { RecordingInfo } from '../../domain/call.js';
import { buildRecord, type Release } from '../record.js';
import type { VerbRuntime } from './runtime.js';

export async function hangup(rt: VerbRuntime, given: Release): Promise<void> {
  const run = rt.run;
  // An inbound call's leg A is its caller: a party hanging up there is the caller, not a callee.
  const release: Release = run.call.plan.kind === 'inbound' && given.leg === 'A' && given.partyType === 'callee' ? { ...given, partyType: 'caller' } : given;
  const now = run.now();
  run.releaseAll();
  const a = rt.leg('A').times;
  const b = rt.state('B')?.times;
  a.endAt ??= now;
  if (b) b.endAt ??= now;
  const recording = await stopRecording(rt);
  const record = buildRecord(run.call, run.deps.hostName, {
    legA: a,
    ...(b ? { legB: b } : {}),
    ...(recording ? { recording } : {}),
    parties: { A: run.parties('A'), ...(b ? { B: run.parties('B') } : {}) },
    ending: { ...release, callEndAt: now },
    digits: rt.digits,
    ttsPlayTimes: rt.ttsPlayTimes,
    ttsTransDuration: rt.ttsTransDuration,
    ...(rt.dialog ? { dialog: rt.dialog } : {}),
  });
  await run.finish(record, release.leg, release.at);
}

async function stopRecording(rt: VerbRuntime): Promise<RecordingInfo | undefined> {
  const active = rt.takeRecording();
  if (!active) return undefined;
  let r;
  try {
    r = await active.recorder.stop();
  } catch {
    // The call ends either way; a recording the network could not write is simply not offered.
    return undefined;
  }
  const deps = rt.run.deps;
  return { objectName: active.objectName, bucketName: deps.recordBucket, domain: deps.recordDomain, startAt: r.startAt, endAt: r.endAt, path: r.path };
}
