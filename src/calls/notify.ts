// Voice notification (reference 5.2): up to five items, each a voice file or a filled TTS
// template, each optionally followed by a digit collection.

import type { NotifyPlan } from '../domain/call.js';
import { runAnnouncement, type Step } from './announce.js';
import { ttsMedia, voiceMedia } from './prompts.js';
import type { CallRun } from './run.js';

export function notifySteps(run: CallRun, plan: NotifyPlan): Step[] {
  const { media, timings } = run.deps;
  const appKey = run.call.appKey;
  return plan.playInfoList.map((item) => ({
    media:
      item.templateId !== undefined
        ? ttsMedia(media, appKey, item.templateId, item.templateParas ?? [], timings.ttsMsPerChar)
        : voiceMedia(media, appKey, item.notifyVoice),
    collect: item.collectInd,
    ...(item.collectInd > 0 && item.replayAfterCollection && item.collectContentTriggerReplaying !== undefined
      ? { replayOn: item.collectContentTriggerReplaying }
      : {}),
  }));
}

export function runNotify(run: CallRun, plan: NotifyPlan): Promise<void> {
  return runAnnouncement(run, notifySteps(run, plan));
}
