// The console's only way to the platform: the management API (/v1) with the admin token, as any
// script would call it. A refusal becomes an ApiError with the API's code and message.

import { session } from './session';

/** The code of an ApiError when no answer came (the views say so in their language). */
export const NETWORK = 'NETWORK';

export class ApiError extends Error {
  /** The answer's `error` object as sent (a flow refusal lists its errors there). */
  constructor(readonly status: number, readonly code: string, message: string, readonly detail?: Record<string, unknown>) {
    super(message);
  }
}

/** Called when the API says the token is not (or no longer) valid. */
let onUnauthorized: () => void = () => undefined;
export function whenUnauthorized(fn: () => void): void {
  onUnauthorized = fn;
}

export type Query = Record<string, string | number | boolean | undefined>;

export function withQuery(path: string, q: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export async function api<T>(method: string, path: string, body?: unknown, token = session.token()): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${token ?? ''}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, NETWORK, 'the platform cannot be reached');
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!res.ok) {
    const e = (parsed as { error?: { code?: string; message?: string } & Record<string, unknown> } | undefined)?.error;
    const err = new ApiError(res.status, e?.code ?? `HTTP ${res.status}`, e?.message ?? (text || res.statusText), e);
    if (res.status === 401 && token === session.token()) onUnauthorized();
    throw err;
  }
  return parsed as T;
}

/** A raw upload (a voice file): the body as it is, with its content type. */
export async function apiUpload<T>(method: string, path: string, body: Blob, contentType: string): Promise<T> {
  const res = await fetch(`/v1${path}`, { method, headers: { authorization: `Bearer ${session.token() ?? ''}`, 'content-type': contentType }, body });
  const parsed = (await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
  if (!res.ok) {
    if (res.status === 401) onUnauthorized();
    throw new ApiError(res.status, parsed?.error?.code ?? `HTTP ${res.status}`, parsed?.error?.message ?? res.statusText);
  }
  return parsed as T;
}

/** A file the API answers (an export), as a Blob: the token goes in a header, so no plain link can fetch it. */
export async function apiFile(path: string): Promise<Blob> {
  const res = await fetch(`/v1${path}`, { headers: { authorization: `Bearer ${session.token() ?? ''}` } });
  if (!res.ok) {
    const e = ((await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined)?.error;
    if (res.status === 401) onUnauthorized();
    throw new ApiError(res.status, e?.code ?? `HTTP ${res.status}`, e?.message ?? res.statusText);
  }
  return res.blob();
}

/**
 * The field of a form an API message is about: messages name it first ("callee must match ...",
 * "query parameter from is not an ISO 8601 time"); undefined when it names none of `fields`.
 */
export function fieldOf(message: string, fields: readonly string[]): string | undefined {
  const rest = message.replace(/^(query|path) parameter /, '');
  const first = /^([A-Za-z]+)/.exec(rest)?.[1];
  return first !== undefined && fields.includes(first) ? first : undefined;
}

/**
 * The form field an API message is about when it names a nested path: "retry.intervalSeconds must
 * be …", "quietHours.end must match …", "Invalid request. playInfoList[0].templateId: …", "… (
 * playInfoList[0].templateParas[1]: …)". `paths` maps a path ("[]" stands for any index) to its
 * field; a path matches whole ("retry" matches "retry.maxTries", not "retryOn"); the path named
 * earliest in the message wins, the longest one on a tie.
 */
export function fieldAtPath(message: string, paths: Readonly<Record<string, string>>): string | undefined {
  const s = message.replace(/^(body\/?|(query|path) parameter )/, '');
  let best: { at: number; len: number; field: string } | undefined;
  for (const [path, field] of Object.entries(paths)) {
    const pattern = path.split('[]').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\[\\d+\\]');
    const m = new RegExp(`(^|[\\s(/])(${pattern})(?![A-Za-z0-9_])`).exec(s);
    if (!m) continue;
    const at = m.index + m[1]!.length;
    if (!best || at < best.at || (at === best.at && m[2]!.length > best.len)) best = { at, len: m[2]!.length, field };
  }
  return best?.field;
}

/** Hands a Blob to the browser as a download named `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
