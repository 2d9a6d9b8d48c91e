// What the management API shows of an app. The secret never appears here: it is shown once, in the
// answers of create and rotate-secret (which add it explicitly), and the response schemas below
// leave out any field they do not list.

import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../../domain/app.js';
import { Instant, iso } from './schemas.js';

export const Capability = Type.Union([Type.Literal('callback'), Type.Literal('notify'), Type.Literal('verify')]);

export const AppView = Type.Object({
  appKey: Type.String(),
  spId: Type.String(),
  name: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('suspended')]),
  capabilities: Type.Array(Capability),
  recordingEnabled: Type.Boolean(),
  statusUrl: Type.Optional(Type.String()),
  feeUrl: Type.Optional(Type.String()),
  portQuota: Type.Integer(),
  allowedClientIps: Type.Array(Type.String()),
  createdAt: Instant,
  previousSecretValidUntil: Type.Optional(Type.String({ format: 'date-time', description: 'while a rotated-out secret still authenticates' })),
});
export type AppView = Static<typeof AppView>;

export const AppWithSecret = Type.Composite([AppView, Type.Object({ appSecret: Type.String({ description: 'shown only in this answer' }) })]);

export function appView(app: App, now: number): AppView {
  const view: AppView = {
    appKey: app.appKey,
    spId: app.spId,
    name: app.name,
    status: app.status,
    capabilities: app.capabilities,
    recordingEnabled: app.recordingEnabled,
    portQuota: app.portQuota,
    allowedClientIps: app.allowedClientIps ?? [],
    createdAt: iso(app.createdAt),
  };
  if (app.statusUrl !== undefined) view.statusUrl = app.statusUrl;
  if (app.feeUrl !== undefined) view.feeUrl = app.feeUrl;
  if (app.previousSecretUntil !== undefined && app.previousSecretUntil > now) view.previousSecretValidUntil = iso(app.previousSecretUntil);
  return view;
}
