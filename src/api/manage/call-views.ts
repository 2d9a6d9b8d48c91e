// How calls look on the management API: the listing's summary, one call in full, and the query
// of GET /v1/calls resolved to a store CallQuery. Times of these views are ISO 8601; `record`
// and `events[].raw` are not here: the record is the stored CallRecord as it is (times in ms).

import { Type, type Static } from '@sinclair/typebox';
import { talkMs, type Call, type CallEvent, type CallOutcome, type CallRecord, type LegName, type LegTimes } from '../../domain/call.js';
import type { FlowDefinition } from '../../domain/flow.js';
import { SYSTEM_PROMPTS } from '../../calls/prompts.js';
import { stateDesc } from '../../calls/state-codes.js';
import type { CallQuery, ListedCall } from '../../store/types.js';
import { AppKey, iso, PhoneNumber } from './schemas.js';
import { createdRange, IsoTime as Instant } from './time-filter.js';

export const OUTCOMES: readonly CallOutcome[] = ['answered', 'busy', 'no_answer', 'powered_off', 'vacant', 'rejected', 'unreachable', 'cancelled', 'failed'];
/** A call's kind: its plan's (a flow call is `flow`, though its service, record and pushes are a notification's; a call that came in is `inbound`). */
const Kind = Type.Union([Type.Literal('callback'), Type.Literal('notify'), Type.Literal('verify'), Type.Literal('flow'), Type.Literal('inbound')]);
const Outcome = Type.Unsafe<CallOutcome>({ type: 'string', enum: [...OUTCOMES] });
const Loose = (description: string) => Type.Object({}, { additionalProperties: true, description });

export const CallListQuery = Type.Object(
  {
    appKey: Type.Optional(AppKey),
    kind: Type.Optional(Kind),
    state: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('ended')], { description: 'active: in progress' })),
    outcome: Type.Optional(Outcome),
    number: Type.Optional(Type.String({ ...PhoneNumber, description: 'display, caller, callee or callee display number, any leg' })),
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
    cursor: Type.Optional(Type.String({ maxLength: 512, description: 'nextCursor of the previous page' })),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$', description: '1-500, default 100' })),
  },
  { additionalProperties: false },
);
export type CallListQuery = Static<typeof CallListQuery>;

export function toCallQuery(q: CallListQuery): CallQuery {
  const out: CallQuery = createdRange(q, 'query parameter ');
  if (q.appKey !== undefined) out.appKey = q.appKey;
  if (q.kind !== undefined) out.kind = q.kind;
  if (q.state !== undefined) out.state = q.state;
  if (q.outcome !== undefined) out.outcome = q.outcome;
  if (q.number !== undefined) out.number = q.number;
  return out;
}

export const Numbers = Type.Object({
  display: Type.String({ description: 'shown to the first leg (displayNbr)' }),
  caller: Type.Optional(Type.String({ description: 'callback: the A leg (callerNbr)' })),
  calleeDisplay: Type.Optional(Type.String({ description: 'callback: shown to the B leg (displayCalleeNbr)' })),
  callee: Type.String({ description: 'calleeNbr' }),
});

export const CallSummary = Type.Object({
  sessionId: Type.String(),
  appKey: Type.String(),
  kind: Kind,
  state: Type.Union([Type.Literal('active'), Type.Literal('ended')]),
  outcome: Type.Optional(Outcome),
  stateCode: Type.Optional(Type.Integer({ description: 'hangup reason (reference 7.1)' })),
  numbers: Numbers,
  createdAt: Instant,
  endedAt: Type.Optional(Instant),
  talkSeconds: Type.Optional(Type.Number({ description: 'from the answer that started the service to the end' })),
});

export function numbersOf(call: Call): Static<typeof Numbers> {
  const p = call.plan;
  if (p.kind === 'callback') return { display: p.displayNbr, caller: p.callerNbr, calleeDisplay: p.displayCalleeNbr, callee: p.calleeNbr };
  return { display: p.displayNbr, callee: p.calleeNbr };
}

export function callSummary(c: ListedCall): Static<typeof CallSummary> {
  const r = c.record;
  return {
    sessionId: c.call.sessionId,
    appKey: c.call.appKey,
    kind: c.call.plan.kind,
    state: c.state,
    ...(r ? { outcome: r.outcome, stateCode: r.stateCode, endedAt: iso(r.callEndAt), talkSeconds: talkMs(r) / 1000 } : {}),
    numbers: numbersOf(c.call),
    createdAt: iso(c.call.createdAt),
  };
}

const Leg = Type.Object({
  leg: Type.Union([Type.Literal('A'), Type.Literal('B')]),
  number: Type.String({ description: 'the number dialled' }),
  shown: Type.String({ description: 'the number shown to it' }),
  startAt: Type.Optional(Instant),
  alertingAt: Type.Optional(Instant),
  answerAt: Type.Optional(Instant),
  endAt: Type.Optional(Instant),
  q850: Type.Optional(Type.Integer({ description: 'Q.850 cause when the leg failed (reference 7.2), 0 otherwise' })),
  sipStatus: Type.Optional(Type.Integer({ description: 'SIP final status when the leg failed, 0 otherwise' })),
});

const legNumbers = (call: Call, leg: LegName, events: CallEvent[]): { number: string; shown: string } => {
  const p = call.plan;
  if (p.kind === 'callback' && leg === 'B') return { number: p.calleeNbr, shown: p.displayCalleeNbr };
  // A flow's transfer (an inbound forward, a privacy call's callee): the number its callout dialled.
  const out = leg === 'B' ? events.find((e) => e.leg === 'B' && e.type === 'callout') : undefined;
  if (out) return { number: out.called, shown: out.caller };
  return { number: p.kind === 'callback' ? p.callerNbr : p.calleeNbr, shown: p.displayNbr };
};

const opt = (ms: number | undefined) => (ms === undefined ? undefined : iso(ms));

/** The legs: from the record once the call ended, else from the events stored so far. */
export function legsOf(call: Call, events: CallEvent[], record?: CallRecord): Array<Static<typeof Leg>> {
  const times: Partial<Record<LegName, Partial<LegTimes>>> = {};
  if (record) {
    times.A = record.legA;
    if (record.legB) times.B = record.legB;
  } else {
    for (const e of events) {
      const t = (times[e.leg] ??= {});
      if (e.type === 'callout') t.startAt = e.at;
      if (e.type === 'alerting') t.alertingAt = e.at;
      if (e.type === 'answer') t.answerAt = e.at;
      if (e.type === 'disconnect') t.endAt = e.at;
    }
  }
  return (['A', 'B'] as const).flatMap((leg) => {
    const t = times[leg];
    if (!t) return [];
    return [{
      leg, ...legNumbers(call, leg, events),
      startAt: opt(t.startAt), alertingAt: opt(t.alertingAt), answerAt: opt(t.answerAt), endAt: opt(t.endAt),
      q850: t.q850, sipStatus: t.sipStatus,
    }];
  });
}

const Media = Type.Object({
  what: Type.String({ description: 'the request field that names it (preVoice, playInfoList[0], preTone, verifyCode, ...)' }),
  kind: Type.Union([Type.Literal('file'), Type.Literal('tts'), Type.Literal('code')]),
  name: Type.String({ description: 'voice file, template id, or the code read' }),
  params: Type.Optional(Type.Array(Type.String())),
});

/**
 * The media the call's plan plays, in order (a file left out of a callback plays the system
 * prompt, named here). What was reached shows in the events and in the record's ttsPlayTimes.
 */
export function mediaOf(call: Call): Array<Static<typeof Media>> {
  const p = call.plan;
  const file = (what: string, name: string | undefined) => (name === undefined ? [] : [{ what, kind: 'file' as const, name }]);
  if (p.kind === 'notify') {
    return p.playInfoList.map((item, i) => item.templateId !== undefined
      ? { what: `playInfoList[${i}]`, kind: 'tts' as const, name: item.templateId, params: item.templateParas ?? [] }
      : { what: `playInfoList[${i}]`, kind: 'file' as const, name: item.notifyVoice ?? '' });
  }
  if (p.kind === 'verify') {
    return [...file('preTone', p.preTone), { what: 'verifyCode', kind: 'code', name: p.verifyCode }, ...file('postTone', p.postTone)];
  }
  if (p.kind === 'flow') return flowMediaOf(p.definition);
  if (p.kind === 'inbound') return p.flow ? flowMediaOf(p.flow.definition) : [];
  // In the order the callback plays them (src/calls/callback.ts, #startPrompts).
  return [
    ...(p.recordFlag ? file('recordHintTone', p.recordHintTone ?? SYSTEM_PROMPTS.recordHintTone.name) : []),
    ...(p.playPreVoice ? file('preVoice', p.preVoice ?? SYSTEM_PROMPTS.preVoice.name) : []),
    ...file('waitVoice', p.waitVoice ?? SYSTEM_PROMPTS.waitVoice.name),
    ...(p.maxDuration > 0 ? file('lastMinVoice', p.lastMinVoice ?? SYSTEM_PROMPTS.lastMinVoice.name) : []),
  ];
}

/** What a flow may play, node by node, in the flow's order (the walk says what it reached). */
function flowMediaOf(flow: FlowDefinition): Array<Static<typeof Media>> {
  return flow.nodes.flatMap((n) => {
    if (n.type === 'play') return [{ what: `node ${n.id}`, kind: 'file' as const, name: n.file }];
    if (n.type === 'say') {
      return [n.template !== undefined ? { what: `node ${n.id}`, kind: 'tts' as const, name: n.template, params: n.params ?? [] } : { what: `node ${n.id}`, kind: 'tts' as const, name: n.text ?? '' }];
    }
    if (n.type !== 'gather') return [];
    return (n.prompt ?? []).map((item, i) => {
      const what = `node ${n.id} prompt[${i}]`;
      if ('play' in item) return { what, kind: 'file' as const, name: item.play };
      if ('say' in item) return { what, kind: 'tts' as const, name: item.say };
      return { what, kind: 'tts' as const, name: item.template, params: item.params ?? [] };
    });
  });
}

export const DialogView = Type.Object(
  {
    flowId: Type.String(),
    flowVersion: Type.Integer(),
    input: Type.Record(Type.String(), Type.String(), { description: 'the variables the call was placed with (the task row)' }),
    steps: Type.Array(Type.Object({
      node: Type.String(),
      type: Type.String(),
      at: Instant,
      digits: Type.Optional(Type.String({ description: 'gather: digits collected; "" for no input' })),
      redirectedFrom: Type.Optional(Type.String({ description: 'entered as the onMaxVisits of this node' })),
      transfer: Type.Optional(Type.String({ description: 'transfer: answered, or how the transferee failed' })),
    })),
    tag: Type.Optional(Type.String()),
    variables: Type.Record(Type.String(), Type.String(), { description: 'what set nodes set' }),
    end: Type.Optional(Type.String({ description: 'how the walk ended (docs/flows.md); absent while the call runs' })),
  },
  { description: 'a flow call\'s walk (docs/flows.md, "Running a flow")' },
);

/** A flow call's walk: from the record once the call ended; before that only what it was placed with. */
export function dialogOf(call: Call, record?: CallRecord): Static<typeof DialogView> | undefined {
  const p = call.plan;
  if (p.kind !== 'flow') return undefined;
  const d = record?.dialog;
  return {
    flowId: p.flowId,
    flowVersion: p.flowVersion,
    input: p.variables,
    steps: (d?.steps ?? []).map((s) => ({ ...s, at: iso(s.at) })),
    ...(d?.tag !== undefined ? { tag: d.tag } : {}),
    variables: d?.variables ?? {},
    ...(d ? { end: d.end } : {}),
  };
}

const Hangup = Type.Object({
  outcome: Outcome,
  stateCode: Type.Integer({ description: 'hangup reason (reference 7.1)' }),
  meaning: Type.String({ description: 'the hangup reason in words (stateDesc)' }),
  ulFailReason: Type.Integer({ description: 'disconnection point (reference 7.3)' }),
  sipStatus: Type.Integer(),
  partyType: Type.String({ description: 'who released first: caller, callee, platform' }),
});

export function hangupOf(r: CallRecord): Static<typeof Hangup> {
  return {
    outcome: r.outcome, stateCode: r.stateCode, meaning: stateDesc(r.stateCode),
    ulFailReason: r.ulFailReason, sipStatus: r.sipStatusCode, partyType: r.partyType,
  };
}

export const CallDetail = Type.Object({
  call: CallSummary,
  userData: Type.Optional(Type.String()),
  statusUrl: Type.Optional(Type.String()),
  feeUrl: Type.Optional(Type.String()),
  privacy: Type.Optional(Loose('a call to a privacy number: its binding\'s facts (Call.privacy: kind, poolId, subscriptionId, x, a, b, secretCallType, displayType, userData; docs/privacy-numbers.md)')),
  legs: Type.Array(Leg),
  events: Type.Array(Loose('a stored call event (callout, alerting, answer, collectInfo, disconnect); at is ISO 8601')),
  media: Type.Array(Media),
  digits: Type.Array(Type.String(), { description: 'digits collected, in order' }),
  hangup: Type.Optional(Hangup),
  dialog: Type.Optional(DialogView),
  record: Type.Optional(Loose('the final call record as stored (CallRecord; times in ms since the epoch; no file path)')),
  recording: Type.Optional(Type.Object({
    objectName: Type.String(),
    recordDomain: Type.String(),
    startAt: Instant,
    endAt: Instant,
    link: Type.Optional(Type.String({ description: 'signed download link, valid as the recording API\'s: VOXCALL_PUBLIC_URL, else this node\'s local URL (0.0.0.0 and :: as loopback)' })),
  })),
  pushes: Type.Array(Loose('a push this call caused (as GET /v1/pushes/:id shows it), with its attempts')),
});
export type CallDetail = Static<typeof CallDetail>;

export function eventView(e: CallEvent): Record<string, unknown> {
  return { ...e, at: iso(e.at) };
}

/** The record without the recording's path on this node's disk. */
export function recordView(r: CallRecord): Record<string, unknown> {
  if (!r.recording) return { ...r };
  const { path: _path, ...recording } = r.recording;
  return { ...r, recording };
}
