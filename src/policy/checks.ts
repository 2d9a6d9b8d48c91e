// The checks a call request passes before it is placed. Each refuses with the reference's result
// code for its reason. They run in the order of POLICY_ORDER (admit.ts): cheapest first, the
// port reservation (the only one with an effect) last.

import type { App, DisplayNumber } from '../domain/app.js';
import type { CallPlan, ServiceKind } from '../domain/call.js';
import type { MediaCatalog } from '../domain/media.js';
import { checkTemplateParas, templateVariables } from '../domain/template.js';
import { apiError } from '../api/errors.js';
import { RESULT } from '../api/result-codes.js';

const SERVICE_NAME: Record<ServiceKind, string> = {
  callback: 'voice callback',
  notify: 'voice notification',
  verify: 'voice verification code',
};

export function checkCapability(app: App, plan: CallPlan): void {
  if (!app.capabilities.includes(plan.kind)) {
    throw apiError(RESULT.apiNotAllowed, `the app has no ${SERVICE_NAME[plan.kind]} capability`);
  }
}

export function checkRecording(app: App, plan: CallPlan): void {
  if (plan.kind === 'callback' && plan.recordFlag && !app.recordingEnabled) {
    throw apiError(RESULT.recordingNotEnabled);
  }
}

/** Voice files a plan names, with the field that names each. */
function voiceFilesOf(plan: CallPlan): Array<[string, string]> {
  const out: Array<[string, string | undefined]> = [];
  if (plan.kind === 'callback') {
    out.push(['lastMinVoice', plan.lastMinVoice], ['preVoice', plan.preVoice], ['waitVoice', plan.waitVoice], ['recordHintTone', plan.recordHintTone]);
  } else if (plan.kind === 'notify') {
    plan.playInfoList.forEach((item, i) => out.push([`playInfoList[${i}].notifyVoice`, item.notifyVoice]));
  } else {
    out.push(['preTone', plan.preTone], ['postTone', plan.postTone]);
  }
  return out.filter((e): e is [string, string] => e[1] !== undefined);
}

export function checkMedia(app: App, plan: CallPlan, media: MediaCatalog): void {
  for (const [field, name] of voiceFilesOf(plan)) {
    if (!media.voiceFile(app.appKey, name)) {
      const why = media.unusable?.('voiceFile', app.appKey, name) ?? 'not available to this app';
      throw apiError(RESULT.invalidRequest, `${field}: voice file "${name}" is ${why}`);
    }
  }
  if (plan.kind !== 'notify') return;
  plan.playInfoList.forEach((item, i) => {
    if (item.templateId === undefined) return;
    const template = media.template(app.appKey, item.templateId);
    if (!template) {
      const why = media.unusable?.('template', app.appKey, item.templateId) ?? 'not available to this app';
      throw apiError(RESULT.invalidRequest, `playInfoList[${i}].templateId: template "${item.templateId}" is ${why}`);
    }
    const verdict = checkTemplateParas(template.content, item.templateParas ?? []);
    if (!verdict.ok) {
      // The reference's "%s of templateParas ..." names the template variable; the detail says where and why.
      const variable = templateVariables(template.content)[verdict.index];
      const name = variable ? `\${${variable.name}}` : `value ${verdict.index + 1}`;
      throw apiError(RESULT.templateParasMismatch, `(playInfoList[${i}].templateParas[${verdict.index}]: ${verdict.reason})`, name);
    }
  });
}

/**
 * The display number must be one of the app's. A suspended one is replaced by another active
 * number of the app, chosen at random as the reference says; with none left the call is refused.
 */
export function resolveDisplayNumber(field: string, wanted: string, numbers: DisplayNumber[], pick = Math.random): string {
  const own = numbers.find((n) => n.number === wanted);
  if (!own) throw apiError(RESULT.invalidDisplayNumber, `${field} ${wanted} is not a number of this app`);
  if (own.status === 'active') return wanted;
  const active = numbers.filter((n) => n.status === 'active');
  if (active.length === 0) {
    throw apiError(RESULT.serviceNumberSuspended, `${field} ${wanted} is suspended and the app has no active number`);
  }
  return active[Math.floor(pick() * active.length)]!.number;
}

export function withDisplayNumbers(plan: CallPlan, numbers: DisplayNumber[]): CallPlan {
  const displayNbr = resolveDisplayNumber('displayNbr', plan.displayNbr, numbers);
  if (plan.kind === 'callback') {
    const displayCalleeNbr = resolveDisplayNumber('displayCalleeNbr', plan.displayCalleeNbr, numbers);
    return { ...plan, displayNbr, displayCalleeNbr };
  }
  return { ...plan, displayNbr };
}
