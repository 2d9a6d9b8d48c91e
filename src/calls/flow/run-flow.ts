// A flow call (docs/flows.md, "Running a flow"): dial the callee, then walk the flow's nodes on the
// verbs, one node at a time, keeping the walk (the record's `dialog`). Every way out of the walk
// ends in exactly one hangup, with the codes of ending.ts.

import { isForwardPlan, type CallDialog, type DialogEnd, type DialogStep, type FlowPlan, type InboundPlan } from '../../domain/call.js';
import type { FlowNode } from '../../domain/flow.js';
import type { Release } from '../record.js';
import type { CallRun } from '../run.js';
import { STATE, POINT } from '../state-codes.js';
import { answer, dial, hangup, play, say, VerbRuntime, type PlayResult } from '../verbs/index.js';
import { voiceMedia, type Resolved } from '../prompts.js';
import { callEnded, noDigits, opFailed, platformFailure, unanswered, walkDone } from './ending.js';
import { promptMedia, sayTemplate, sayText, type FillContext } from './fill.js';
import { gatherWithPrompt, resolvePrompt } from './gather-node.js';
import { forwardEndedBeforeAnswer, forwardUnanswered } from './forward-ending.js';
import { transfer } from './transfer-node.js';
import { Visits } from './visits.js';

/** What a node leads to: the next node (undefined: none, the walk is done), or the call's end. */
type Outcome = { next: string | undefined } | { end: DialogEnd; release: Release };

/**
 * An inbound call the router accepted (docs/inbound.md): the caller is answered instead of dialled,
 * then the flow runs as an outbound one would (a forward is a flow of one transfer node).
 */
export function runInbound(run: CallRun, plan: InboundPlan): Promise<void> {
  if (!plan.flow) throw new Error(`inbound call ${run.call.sessionId} has no flow to run (a refused call is never started)`);
  return runFlow(run, { kind: 'flow', displayNbr: plan.displayNbr, calleeNbr: plan.calleeNbr, ...plan.flow }, true);
}

export async function runFlow(run: CallRun, plan: FlowPlan, inbound = false): Promise<void> {
  const rt = new VerbRuntime(run);
  const dialog: CallDialog = { flowId: plan.flowId, flowVersion: plan.flowVersion, steps: [], variables: {}, end: 'unanswered' };
  rt.dialog = dialog;
  const finish = (end: DialogEnd, release: Release) => {
    dialog.end = end;
    return hangup(rt, release);
  };

  const d = inbound ? await answer(rt) : await dial(rt, 'A');
  if (d.type === 'ended') return finish('callEnded', callEnded(d, false));
  if (d.type === 'failed') return finish('unanswered', unanswered(d.at, d.failure));
  if (d.type === 'opFailed') return finish('failed', opFailed(d));

  const ctx: FillContext = { media: run.deps.media, appKey: run.call.appKey, variables: plan.variables, msPerChar: run.deps.timings.ttsMsPerChar };
  const visits = new Visits(plan.definition);
  let target: string | undefined = plan.definition.start;
  // Bounded: each pass enters a node (counted) or ends; visits are finite (visits.ts).
  for (;;) {
    if (target === undefined) return finish('end', walkDone(run.now()));
    const entry = visits.enter(target);
    if (!entry.node) return finish('maxVisits', walkDone(run.now()));
    const step: DialogStep = { node: entry.node.id, type: entry.node.type, at: run.now() };
    if (entry.redirectedFrom !== undefined) step.redirectedFrom = entry.redirectedFrom;
    dialog.steps.push(step);
    const out = await runNode(rt, run, plan, ctx, entry.node, step, dialog);
    if ('end' in out) return finish(out.end, out.release);
    target = out.next;
  }
}

async function runNode(rt: VerbRuntime, run: CallRun, plan: FlowPlan, ctx: FillContext, node: FlowNode, step: DialogStep, dialog: CallDialog): Promise<Outcome> {
  switch (node.type) {
    case 'play':
      return played(rt, voiceMedia(ctx.media, ctx.appKey, node.file), node.next);
    case 'say':
      return played(rt, node.text !== undefined ? sayText(ctx, node.text) : sayTemplate(ctx, node.template ?? '', node.params), node.next);
    case 'gather': {
      const prompt = resolvePrompt((node.prompt ?? []).map((item) => promptMedia(ctx, item)));
      if (!Array.isArray(prompt)) return { end: 'failed', release: platformFailure(run.now(), prompt) };
      const g = await gatherWithPrompt(rt, node, prompt);
      if (g.type === 'ended') return { end: 'callEnded', release: callEnded(g, true) };
      if (g.type === 'opFailed') return { end: 'failed', release: opFailed(g) };
      if (g.type === 'noInput') {
        step.digits = '';
        const next = node.noInput ?? node.default;
        return next === undefined ? { end: 'noInput', release: noDigits(g.at) } : { next };
      }
      step.digits = g.digits;
      return { next: node.branches?.[g.digits] ?? node.default };
    }
    case 'set':
      if (node.tag !== undefined) dialog.tag = node.tag;
      if (node.variables) Object.assign(dialog.variables, node.variables);
      return { next: node.next };
    case 'transfer': {
      const t = await transfer(rt, run, node, plan.variables, plan.displayNbr);
      // An inbound forward (a forward route, a URL's forward, a privacy call) is B's call until B answers.
      const forward = isForwardPlan(run.call.plan);
      if (t.type === 'notAnswered') {
        step.transfer = t.outcome;
        return forward ? { end: 'unanswered', release: forwardUnanswered(t.at, t.outcome) } : { next: node.onFailure };
      }
      if (t.type === 'talked') {
        step.transfer = 'answered';
        return { end: 'transfer', release: callEnded(t.ended, true) };
      }
      if (t.type === 'ended') return { end: 'callEnded', release: forward ? forwardEndedBeforeAnswer(t, rt.state('B')?.times.alertingAt !== undefined) : callEnded(t, true) };
      if (t.type === 'opFailed') return { end: 'failed', release: opFailed(t) };
      return { end: 'failed', release: platformFailure(t.at, { stateCode: STATE.internalError, ulFailReason: POINT.internalError }) };
    }
    case 'hangup':
      return { end: 'hangup', release: walkDone(run.now()) };
  }
}

/** A play or say node: a file or TTS that cannot be had fails the call (8006 / 8005) before anything plays. */
async function played(rt: VerbRuntime, media: Resolved, next: string | undefined): Promise<Outcome> {
  if (!media.ok) return { end: 'failed', release: platformFailure(rt.run.now(), media) };
  const r: PlayResult = media.media.kind === 'tts' ? await say(rt, 'A', media.media) : await play(rt, 'A', media.media);
  if (r.type === 'ended') return { end: 'callEnded', release: callEnded(r, true) };
  if (r.type === 'opFailed') return { end: 'failed', release: opFailed(r) };
  return { next };
}
