// The checks a call request passes before it is placed. Each refuses with the reference's result
// code for its reason. They run in the order of POLICY_ORDER (admit.ts): cheapest first, the
// port reservation (the only one with an effect) last.

import type { App, DisplayNumber } from '../domain/app.js';
import { serviceOf, type CallPlan, type ServiceKind } from '../domain/call.js';
import type { MediaCatalog } from '../domain/media.js';
import { checkTemplateParas, templateVariables } from '../domain/template.js';
import { isRefusal, refuse, type Refusal } from './refusal.js';

const SERVICE_NAME: Record<ServiceKind, string> = {
  callback: 'voice callback',
  notify: 'voice notification',
  verify: 'voice verification code',
};

/** A suspended app places no call, whoever asks: the API (its authenticator refuses first), a task row, an inbound call. */
export function checkAppStatus(app: App): Refusal | undefined {
  if (app.status !== 'active') return refuse('appKeySuspended', `app ${app.appKey} is ${app.status}`);
  return undefined;
}

export function checkCapability(app: App, plan: CallPlan): Refusal | undefined {
  // A flow call needs the notification capability (serviceOf).
  const kind = serviceOf(plan);
  if (!app.capabilities.includes(kind)) return refuse('apiNotAllowed', `the app has no ${SERVICE_NAME[kind]} capability`);
  return undefined;
}

export function checkRecording(app: App, plan: CallPlan): Refusal | undefined {
  if (plan.kind === 'callback' && plan.recordFlag && !app.recordingEnabled) return refuse('recordingNotEnabled');
  return undefined;
}

/** Voice files a plan names, with the field that names each. */
function voiceFilesOf(plan: CallPlan): Array<[string, string]> {
  const out: Array<[string, string | undefined]> = [];
  if (plan.kind === 'callback') {
    out.push(['lastMinVoice', plan.lastMinVoice], ['preVoice', plan.preVoice], ['waitVoice', plan.waitVoice], ['recordHintTone', plan.recordHintTone]);
  } else if (plan.kind === 'notify') {
    plan.playInfoList.forEach((item, i) => out.push([`playInfoList[${i}].notifyVoice`, item.notifyVoice]));
  } else if (plan.kind === 'verify') {
    out.push(['preTone', plan.preTone], ['postTone', plan.postTone]);
  } else if (plan.kind === 'flow' || plan.kind === 'inbound') {
    // A flow's files were checked approved when it was stored; one removed since refuses the call here.
    const definition = plan.kind === 'flow' ? plan.definition : plan.flow?.definition;
    for (const node of definition?.nodes ?? []) {
      if (node.type === 'play') out.push([`flow node "${node.id}" file`, node.file]);
      if (node.type === 'gather') for (const item of node.prompt ?? []) if ('play' in item) out.push([`flow node "${node.id}" prompt`, item.play]);
    }
  }
  return out.filter((e): e is [string, string] => e[1] !== undefined);
}

export function checkMedia(app: App, plan: CallPlan, media: MediaCatalog): Refusal | undefined {
  for (const [field, name] of voiceFilesOf(plan)) {
    if (!media.voiceFile(app.appKey, name)) {
      const why = media.unusable?.('voiceFile', app.appKey, name) ?? 'not available to this app';
      return refuse('invalidRequest', `${field}: voice file "${name}" is ${why}`);
    }
  }
  if (plan.kind !== 'notify') return undefined;
  for (const [i, item] of plan.playInfoList.entries()) {
    if (item.templateId === undefined) continue;
    const template = media.template(app.appKey, item.templateId);
    if (!template) {
      const why = media.unusable?.('template', app.appKey, item.templateId) ?? 'not available to this app';
      return refuse('invalidRequest', `playInfoList[${i}].templateId: template "${item.templateId}" is ${why}`);
    }
    const verdict = checkTemplateParas(template.content, item.templateParas ?? []);
    if (!verdict.ok) {
      // The reference's "%s of templateParas ..." names the template variable; the detail says where and why.
      const variable = templateVariables(template.content)[verdict.index];
      const name = variable ? `\${${variable.name}}` : `value ${verdict.index + 1}`;
      return refuse('templateParasMismatch', `(playInfoList[${i}].templateParas[${verdict.index}]: ${verdict.reason})`, name);
    }
  }
  return undefined;
}

/**
 * The display number must be one of the app's. A suspended one is replaced by another active
 * number of the app, chosen at random as the reference says; with none left the call is refused.
 */
export function resolveDisplayNumber(field: string, wanted: string, numbers: DisplayNumber[], pick = Math.random): string | Refusal {
  const own = numbers.find((n) => n.number === wanted);
  if (!own) return refuse('invalidDisplayNumber', `${field} ${wanted} is not a number of this app`);
  if (own.status === 'active') return wanted;
  const active = numbers.filter((n) => n.status === 'active');
  if (active.length === 0) {
    return refuse('serviceNumberSuspended', `${field} ${wanted} is suspended and the app has no active number`);
  }
  return active[Math.floor(pick() * active.length)]!.number;
}

export function withDisplayNumbers(plan: CallPlan, numbers: DisplayNumber[]): CallPlan | Refusal {
  const displayNbr = resolveDisplayNumber('displayNbr', plan.displayNbr, numbers);
  if (isRefusal(displayNbr)) return displayNbr;
  if (plan.kind === 'callback') {
    const displayCalleeNbr = resolveDisplayNumber('displayCalleeNbr', plan.displayCalleeNbr, numbers);
    if (isRefusal(displayCalleeNbr)) return displayCalleeNbr;
    return { ...plan, displayNbr, displayCalleeNbr };
  }
  return { ...plan, displayNbr };
}
