// What the flows routes take and show: TypeBox bodies (the definition itself is checked by
// src/flows/, which lists every error, not by the schema, which would stop at the first), views,
// and the two refusals that carry a list: VX.FLOW_INVALID (errors) and VX.FLOW_IN_USE (uses).

import { Type, type Static } from '@sinclair/typebox';
import type { Flow, FlowError, FlowUse } from '../../domain/flow.js';
import { describeFlowError, flowVariables } from '../../flows/index.js';
import type { FlowSummary, FlowVersionInfo } from '../../store/types.js';
import { ManageError, MANAGE_ERRORS } from './errors.js';
import { AppKey, Instant, iso } from './schemas.js';

/** A flow id: the robot record's robot_id; 1-64 letters, digits, "_" or "-". */
export const FlowId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'unique in the app; robot_id in robot records' });
export const FlowParams = Type.Object({ appKey: AppKey, id: FlowId });
/** The definition: any JSON here; validated by src/flows (docs/flows.md). */
export const Definition = Type.Unknown({ description: 'the flow: {"start": "<node id>", "nodes": [...], "description"?} (docs/flows.md)' });
const Note = Type.String({ maxLength: 256, description: 'why this version was made' });

export const CreateBody = Type.Object({
  id: Type.Optional(FlowId),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'for people; default: the id' })),
  note: Type.Optional(Note),
  flow: Definition,
}, { additionalProperties: false });
export type CreateBody = Static<typeof CreateBody>;

export const VersionBody = Type.Object({
  flow: Definition,
  note: Type.Optional(Note),
  expectedVersion: Type.Optional(Type.Integer({ minimum: 1, description: 'refused (VX.CONFLICT) unless the newest version is this one' })),
}, { additionalProperties: false });
export type VersionBody = Static<typeof VersionBody>;

export const ValidateBody = Type.Object({
  flow: Definition,
  appKey: Type.Optional(Type.String({ ...AppKey, description: "also check the app's voice files, templates, numbers and recording" })),
}, { additionalProperties: false });
export type ValidateBody = Static<typeof ValidateBody>;

const ErrorItem = Type.Object({
  code: Type.String(), node: Type.Optional(Type.String()), path: Type.String({ description: 'JSON Pointer into the flow' }), message: Type.String(),
});
const UseView = Type.Object({ kind: Type.String(), id: Type.String(), version: Type.Integer(), since: Instant });

/** The error body of the flows routes: the shared one, plus what VX.FLOW_INVALID and VX.FLOW_IN_USE list. */
export const FlowErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(), message: Type.String(),
    errors: Type.Optional(Type.Array(ErrorItem)), errorCount: Type.Optional(Type.Integer()), uses: Type.Optional(Type.Array(UseView)),
  }),
});

export const FlowView = Type.Object({
  id: Type.String(), appKey: Type.String(), name: Type.String(), version: Type.Integer(), note: Type.Optional(Type.String()),
  createdAt: Instant, versionCreatedAt: Instant,
  variables: Type.Array(Type.String(), { description: 'what the flow reads from a task row (${name}), each once' }),
  uses: Type.Array(UseView),
  flow: Type.Unknown(),
});

export const SummaryView = Type.Object({
  id: Type.String(), name: Type.String(), version: Type.Integer(), createdAt: Instant, updatedAt: Instant, uses: Type.Integer(),
});
export const VersionView = Type.Object({ version: Type.Integer(), note: Type.Optional(Type.String()), createdAt: Instant });

export const ValidationView = Type.Object({
  valid: Type.Boolean(), errors: Type.Array(ErrorItem), errorCount: Type.Integer(), variables: Type.Array(Type.String()),
});

const useView = (u: FlowUse) => ({ kind: u.kind, id: u.id, version: u.version, since: iso(u.since) });

export function flowView(f: Flow, uses: FlowUse[]): Static<typeof FlowView> {
  return {
    id: f.id, appKey: f.appKey, name: f.name, version: f.version, ...(f.note === undefined ? {} : { note: f.note }),
    createdAt: iso(f.createdAt), versionCreatedAt: iso(f.versionCreatedAt), variables: flowVariables(f.definition),
    uses: uses.map(useView), flow: f.definition,
  };
}

export const summaryView = (s: FlowSummary) => ({ id: s.id, name: s.name, version: s.version, createdAt: iso(s.createdAt), updatedAt: iso(s.updatedAt), uses: s.uses });
export const versionView = (v: FlowVersionInfo) => ({ version: v.version, ...(v.note === undefined ? {} : { note: v.note }), createdAt: iso(v.createdAt) });

/** At most this many errors travel in one answer; errorCount says how many there were. */
export const MAX_LISTED_ERRORS = 100;

/** VX.FLOW_INVALID with every error (up to MAX_LISTED_ERRORS); the message quotes the first three. */
export class FlowInvalid extends ManageError {
  constructor(readonly errors: FlowError[]) {
    const shown = errors.slice(0, 3).map(describeFlowError).join('; ');
    const more = errors.length > 3 ? ` (and ${errors.length - 3} more in "errors")` : '';
    super(MANAGE_ERRORS.flowInvalid, `the flow has ${errors.length} error(s): ${shown}${more}`);
  }

  override toBody() {
    return { error: { code: this.code, message: this.message, errors: this.errors.slice(0, MAX_LISTED_ERRORS), errorCount: this.errors.length } };
  }
}

/** VX.FLOW_IN_USE, listing what holds the flow. */
export class FlowInUse extends ManageError {
  constructor(appKey: string, id: string, readonly uses: FlowUse[]) {
    // A route is named by its number: what the operator changes (docs/inbound.md).
    const names = uses.slice(0, 5).map((u) => `${u.kind === 'inbound_route' ? `the inbound route of ${u.id}` : `${u.kind} ${u.id}`} (version ${u.version})`).join(', ');
    const todo = uses.some((u) => u.kind === 'inbound_route') ? 'give those numbers another route (or delete it), and delete or finish any other use first' : 'delete or finish them first';
    super(MANAGE_ERRORS.flowInUse, `flow ${id} of app ${appKey} is used by ${uses.length} ${uses.length === 1 ? 'thing' : 'things'}: ${names}${uses.length > 5 ? ', ...' : ''}; ${todo}`);
  }

  override toBody() {
    return { error: { code: this.code, message: this.message, uses: this.uses.map(useView) } };
  }
}
