// From a schema-valid request body to the call plan the policy and the engine work on: applies the
// reference's defaults, folds the alternative spellings, and checks the rules JSON Schema cannot.

import type { CallPlan, PlayItem } from '../domain/call.js';
import { apiError } from './errors.js';
import { RESULT } from './result-codes.js';
import { checkUserData, decodePushUrl } from './push-url.js';
import type { CallbackBody, NotifyBody, PlayItemBody, VerifyBody } from './schemas.js';

export interface CallRequest {
  plan: CallPlan;
  userData?: string;
  statusUrl?: string;
  feeUrl?: string;
  returnIdlePort: boolean;
}

function invalid(detail: string): never {
  throw apiError(RESULT.invalidRequest, detail);
}

interface Common {
  statusUrl?: string;
  feeUrl?: string;
  userData?: string;
  returnIdlePort?: 'true' | 'false';
}

function common(body: Common): Omit<CallRequest, 'plan'> {
  const out: Omit<CallRequest, 'plan'> = { returnIdlePort: body.returnIdlePort === 'true' };
  for (const field of ['statusUrl', 'feeUrl'] as const) {
    const raw = body[field];
    if (raw === undefined || raw === '') continue;
    const checked = decodePushUrl(field, raw);
    if (!checked.ok) invalid(checked.reason);
    out[field] = checked.url;
  }
  if (body.userData !== undefined) {
    const problem = checkUserData(body.userData);
    if (problem) invalid(problem);
    out.userData = body.userData;
  }
  return out;
}

export function callbackRequest(body: CallbackBody): CallRequest {
  return {
    ...common(body),
    plan: {
      kind: 'callback',
      displayNbr: body.displayNbr,
      callerNbr: body.callerNbr,
      displayCalleeNbr: body.displayCalleeNbr,
      calleeNbr: body.calleeNbr,
      maxDuration: body.maxDuration ?? 0,
      lastMinVoice: body.lastMinVoice,
      lastMinToUE: body.lastMinToUE ?? 'both',
      playPreVoice: body.playPreVoice === 'true',
      preVoice: body.preVoice,
      waitVoice: body.waitVoice,
      calleeMedia: body.calleeMedia ?? 'all',
      recordFlag: body.recordFlag === 'true',
      recordHintTone: body.recordHintTone,
      partyTypeRequiredInDisconnect: body.partyTypeRequiredInDisconnect === 'true',
    },
  };
}

function playItem(item: PlayItemBody, index: number): PlayItem {
  const where = `playInfoList[${index}]`;
  const a = item.templateId;
  const b = item.templatId;
  if (a !== undefined && b !== undefined && a !== b) invalid(`${where} has templateId and templatId with different values`);
  const templateId = a ?? b;
  if ((templateId === undefined) === (item.notifyVoice === undefined)) {
    invalid(`${where} must carry exactly one of notifyVoice and templateId`);
  }
  if (templateId !== undefined && item.templateParas === undefined) {
    invalid(`${where}.templateParas is required with templateId`);
  }
  for (const [i, p] of (item.templateParas ?? []).entries()) {
    if (/[${}]/.test(p)) invalid(`${where}.templateParas[${i}] may not contain "$", "{" or "}"`);
  }
  const trigger = item.collectContentTriggerReplaying ?? item.collectContentTriggerReplacing;
  return {
    notifyVoice: item.notifyVoice,
    templateId,
    templateParas: item.templateParas,
    collectInd: item.collectInd ?? 0,
    replayAfterCollection: item.replayAfterCollection === 'true',
    collectContentTriggerReplaying: trigger,
  };
}

export function notifyRequest(body: NotifyBody): CallRequest {
  return {
    ...common(body),
    plan: {
      kind: 'notify',
      displayNbr: body.displayNbr,
      calleeNbr: body.calleeNbr,
      playInfoList: body.playInfoList.map(playItem),
    },
  };
}

export function verifyRequest(body: VerifyBody): CallRequest {
  if (body.languageType !== 2) invalid('languageType must be 2 (Chinese), the only language the reference defines');
  if (body.postTone !== undefined && body.postOne !== undefined && body.postTone !== body.postOne) {
    invalid('postTone and postOne carry different values');
  }
  return {
    ...common(body),
    plan: {
      kind: 'verify',
      displayNbr: body.displayNbr,
      calleeNbr: body.calleeNbr,
      languageType: body.languageType,
      preTone: body.preTone,
      verifyCode: body.verifyCode,
      postTone: body.postTone ?? body.postOne,
      times: body.times ?? 3,
    },
  };
}
