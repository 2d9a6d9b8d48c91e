// Row <-> domain mapping of the endpoints table (the same on both engines).

import type { Endpoint } from '../../domain/endpoint.js';

export interface EndpointRow {
  id: string;
  url: string;
  paused: number;
  paused_reason: string | null;
  paused_at: number | null;
  created_at: number;
  updated_at: number;
}

export const toEndpoint = (r: EndpointRow): Endpoint => {
  const e: Endpoint = { id: r.id, url: r.url, paused: r.paused === 1, createdAt: r.created_at, updatedAt: r.updated_at };
  if (r.paused_reason !== null) e.pausedReason = r.paused_reason;
  if (r.paused_at !== null) e.pausedAt = r.paused_at;
  return e;
};
