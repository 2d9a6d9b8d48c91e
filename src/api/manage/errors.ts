// The management API's one error type and its catalogue. The body is the reference's own generic
// error shape (section 3.3): {"error":{"code":"...","message":"..."}}, with voxcall's codes, which
// docs/management-api.md tables (a test compares the two).

import type { CodedRefusal } from '../../lib/coded-refusal.js';

export interface ManageErrorEntry {
  code: string;
  http: number;
  /** When to expect it, as the docs table says. */
  meaning: string;
}

export const MANAGE_ERRORS = {
  invalid: { code: 'VX.INVALID', http: 400, meaning: 'a field is missing, of the wrong type or out of range; the message names it' },
  unauthorized: { code: 'VX.UNAUTHORIZED', http: 401, meaning: 'no `Authorization: Bearer <token>` header, or a wrong token' },
  notFound: { code: 'VX.NOT_FOUND', http: 404, meaning: 'no app, number, voice file or template with that id, or no such path' },
  conflict: { code: 'VX.CONFLICT', http: 409, meaning: 'the id is taken (a number of another app, a file, template or flow name already used), a flow version is not the newest `expectedVersion` named, or a push is not in a state the action takes (replay, deliver now); the message says what to do instead' },
  tooLarge: { code: 'VX.TOO_LARGE', http: 413, meaning: 'the body is larger than the limit of its route' },
  uriTooLong: { code: 'VX.URI_TOO_LONG', http: 414, meaning: 'a path segment is longer than 3,072 characters as sent (1,024 once percent-decoded)' },
  unsupportedMediaType: { code: 'VX.UNSUPPORTED_MEDIA_TYPE', http: 415, meaning: 'the Content-Type is not the one the route takes' },
  internal: { code: 'VX.INTERNAL', http: 500, meaning: 'a fault of voxcall; the log has the details' },
  flowInvalid: { code: 'VX.FLOW_INVALID', http: 400, meaning: 'a dialogue flow that does not validate; `errors` lists every error with its node and JSON Pointer (docs/flows.md)' },
  notSimulated: { code: 'VX.NOT_SIMULATED', http: 409, meaning: 'a simulator route (`/v1/simulator/...`) on a platform that runs on the SIP network: place a real call to the trunk instead (docs/inbound.md)' },
  flowInUse: { code: 'VX.FLOW_IN_USE', http: 409, meaning: 'a flow that a task (or another use) holds cannot be deleted; `uses` lists them' },
} as const satisfies Record<string, ManageErrorEntry>;

export type ManageErrorName = keyof typeof MANAGE_ERRORS;

export class ManageError extends Error {
  readonly httpStatus: number;
  readonly code: string;

  constructor(entry: ManageErrorEntry, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ManageError';
    this.httpStatus = entry.http;
    this.code = entry.code;
  }

  toBody(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/**
 * An extension's refusal (a task's, a privacy number's) in the management shape:
 * {"error":{"code":"VX.…","message":"…","reason":"<the catalogue name>"}}.
 */
export class RefusalManageError extends ManageError {
  readonly reason: string;

  constructor(err: CodedRefusal) {
    const entry = Object.values(MANAGE_ERRORS).find((e) => e.code === err.entry.vx) ?? MANAGE_ERRORS.invalid;
    super(entry, err.message);
    this.reason = err.refusal;
  }

  override toBody(): { error: { code: string; message: string; reason: string } } {
    return { error: { ...super.toBody().error, reason: this.reason } };
  }
}

export function manageError(name: ManageErrorName, message: string): ManageError {
  return new ManageError(MANAGE_ERRORS[name], message);
}

export const notFound = (what: string) => manageError('notFound', `${what} does not exist`);
