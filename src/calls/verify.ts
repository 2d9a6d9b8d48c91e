// Voice verification code (reference 6.2): preTone, the code read digit by digit `times` times
// (0 = until the callee hangs up, at most the safety cap), postTone if given, then hang up.

import type { VerifyPlan } from '../domain/call.js';
import { runAnnouncement, type Step } from './announce.js';
import { voiceMedia } from './prompts.js';
import type { CallRun } from './run.js';

export function verifySteps(run: CallRun, plan: VerifyPlan): Step[] {
  const { media, timings } = run.deps;
  const appKey = run.call.appKey;
  const code: Step = {
    media: { ok: true, media: { kind: 'digits', name: plan.verifyCode, durationMs: plan.verifyCode.length * timings.digitReadMs } },
    collect: 0,
  };
  const times = plan.times === 0 ? timings.verifySafetyCap : plan.times;
  return [
    { media: voiceMedia(media, appKey, plan.preTone), collect: 0 },
    ...Array.from({ length: times }, () => code),
    ...(plan.postTone ? [{ media: voiceMedia(media, appKey, plan.postTone), collect: 0 }] : []),
  ];
}

export function runVerify(run: CallRun, plan: VerifyPlan): Promise<void> {
  return runAnnouncement(run, verifySteps(run, plan));
}
