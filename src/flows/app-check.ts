// A valid flow against what its app has: every voice file and template it names exists and is
// approved, template params fit their template, a transfer's callerId is a display number of the
// app, and recording is on where a transfer records. Checked when a flow (or a version) is stored
// and when the API validates one for an app; the call path checks media again when it plays.

import { checkTemplateParas, templateVariables } from '../domain/template.js';
import type { FlowDefinition, FlowError, FlowErrorCode } from '../domain/flow.js';
import type { MediaCatalog } from '../domain/media.js';
import { pointer } from './pointer.js';
import { scanSingle } from './variables.js';

export interface FlowAppContext {
  appKey: string;
  media: MediaCatalog;
  /** The app's display numbers (a transfer's callerId must be one). */
  numbers: readonly string[];
  recordingEnabled: boolean;
}

/** The errors of a structurally valid flow (validateFlow) against its app, in node order. */
export function checkFlowAgainstApp(flow: FlowDefinition, ctx: FlowAppContext): FlowError[] {
  const errors: FlowError[] = [];
  flow.nodes.forEach((n, i) => {
    const at = pointer('', 'nodes', i);
    const report = (code: FlowErrorCode, path: string, message: string) => errors.push({ code, node: n.id, path, message });
    const file = (name: string, path: string) => {
      if (ctx.media.voiceFile(ctx.appKey, name)) return;
      const why = ctx.media.unusable?.('voiceFile', ctx.appKey, name);
      if (why) report('voice_file_not_approved', path, `voice file ${name} is ${why}`);
      else report('unknown_voice_file', path, `voice file ${name} is neither the app's nor the platform's (upload it: PUT /v1/apps/${ctx.appKey}/voice-files/${name})`);
    };
    const template = (id: string, params: readonly string[] | undefined, path: string) => {
      const t = ctx.media.template(ctx.appKey, id);
      if (!t) {
        const why = ctx.media.unusable?.('template', ctx.appKey, id);
        if (why) report('template_not_approved', pointer(path, 'template'), `template ${id} is ${why}`);
        else report('unknown_template', pointer(path, 'template'), `template ${id} is neither the app's nor the platform's`);
        return;
      }
      checkParams(t.content, id, params ?? [], path, report);
    };
    if (n.type === 'play') file(n.file, pointer(at, 'file'));
    else if (n.type === 'say' && n.template !== undefined) template(n.template, n.params, at);
    else if (n.type === 'gather') {
      (n.prompt ?? []).forEach((item, j) => {
        const itemAt = pointer(at, 'prompt', j);
        if ('play' in item) file(item.play, pointer(itemAt, 'play'));
        else if ('template' in item) template(item.template, item.params, itemAt);
      });
    } else if (n.type === 'transfer') {
      if (n.callerId !== undefined && !ctx.numbers.includes(n.callerId)) {
        report('unknown_number', pointer(at, 'callerId'), `${n.callerId} is not a display number of app ${ctx.appKey}`);
      }
      if (n.record === true && !ctx.recordingEnabled) {
        report('recording_disabled', pointer(at, 'record'), `app ${ctx.appKey} has recording off (PATCH the app's recordingEnabled, or drop "record")`);
      }
    }
  });
  return errors;
}

type Report = (code: FlowErrorCode, path: string, message: string) => void;

/** The params' count against the template's variables, and each literal against its variable's type. */
function checkParams(content: string, id: string, params: readonly string[], at: string, report: Report): void {
  const vars = templateVariables(content);
  if (vars.length !== params.length) {
    report('template_params', pointer(at, 'params'), `template ${id} has ${vars.length} variable(s) (${vars.map((v) => `\${${v.name}}`).join(', ') || 'none'}), ${params.length} param(s) given`);
    return;
  }
  params.forEach((p, i) => {
    const s = scanSingle(p);
    if (!('literal' in s)) return;
    const check = checkTemplateParas(`\${${vars[i]!.name}}`, [s.literal]);
    if (!check.ok) report('template_params', pointer(at, 'params', i), `${check.reason} (template ${id})`);
  });
}
