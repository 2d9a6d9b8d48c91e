// Row <-> domain mapping of the apps and display_numbers tables, and the upsert of an app, which
// both engines run as is (@named params).

import type { App, DisplayNumber } from '../../domain/app.js';

export interface AppRow {
  app_key: string;
  app_secret: string;
  sp_id: string;
  name: string;
  status: App['status'];
  capabilities: string;
  recording_enabled: number;
  status_url: string | null;
  fee_url: string | null;
  port_quota: number;
  created_at: number;
  previous_secret: string | null;
  previous_secret_until: number | null;
  allowed_client_ips: string | null;
}

export interface NumberRow {
  number: string;
  app_key: string;
  status: DisplayNumber['status'];
}

export const toNumber = (r: NumberRow): DisplayNumber => ({ number: r.number, appKey: r.app_key, status: r.status });

export function toApp(r: AppRow): App {
  const app: App = {
    appKey: r.app_key,
    appSecret: r.app_secret,
    spId: r.sp_id,
    name: r.name,
    status: r.status,
    capabilities: JSON.parse(r.capabilities) as App['capabilities'],
    recordingEnabled: r.recording_enabled === 1,
    portQuota: r.port_quota,
    createdAt: r.created_at,
  };
  if (r.status_url !== null) app.statusUrl = r.status_url;
  if (r.fee_url !== null) app.feeUrl = r.fee_url;
  if (r.previous_secret !== null && r.previous_secret_until !== null) {
    app.previousSecret = r.previous_secret;
    app.previousSecretUntil = r.previous_secret_until;
  }
  if (r.allowed_client_ips !== null) app.allowedClientIps = JSON.parse(r.allowed_client_ips) as string[];
  return app;
}

export const PUT_APP = `INSERT INTO apps (app_key, app_secret, sp_id, name, status, capabilities, recording_enabled,
                   status_url, fee_url, port_quota, created_at, previous_secret, previous_secret_until,
                   allowed_client_ips)
  VALUES (@appKey, @appSecret, @spId, @name, @status, @capabilities, @recordingEnabled,
          @statusUrl, @feeUrl, @portQuota, @createdAt, @previousSecret, @previousSecretUntil,
          @allowedClientIps)
  ON CONFLICT (app_key) DO UPDATE SET
    app_secret = excluded.app_secret, sp_id = excluded.sp_id, name = excluded.name,
    status = excluded.status, capabilities = excluded.capabilities,
    recording_enabled = excluded.recording_enabled, status_url = excluded.status_url,
    fee_url = excluded.fee_url, port_quota = excluded.port_quota,
    previous_secret = excluded.previous_secret, previous_secret_until = excluded.previous_secret_until,
    allowed_client_ips = excluded.allowed_client_ips`;

/** The @named params of PUT_APP. */
export const appParams = (app: App) => ({
  ...app,
  capabilities: JSON.stringify(app.capabilities),
  recordingEnabled: app.recordingEnabled ? 1 : 0,
  statusUrl: app.statusUrl ?? null,
  feeUrl: app.feeUrl ?? null,
  previousSecret: app.previousSecret ?? null,
  previousSecretUntil: app.previousSecretUntil ?? null,
  allowedClientIps: app.allowedClientIps ? JSON.stringify(app.allowedClientIps) : null,
});
