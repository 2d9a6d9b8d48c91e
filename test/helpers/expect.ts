// Assertions shared by the end-to-end tests: pushes compared with the reference's examples.

import assert from 'node:assert/strict';
import { PushVerifier } from '../../src/client/index.js';
import { FEE_EXAMPLES, STATUS_EXAMPLES } from '../push/huawei-examples.js';
import type { Received, Receiver } from './receiver.js';

const keys = (o: object) => Object.keys(o).sort();

/** A status push has exactly the example's fields, plus the optional ones the request caused. */
export function assertStatusShape(push: Received, optional: string[] = []): void {
  assert.equal(push.headers['content-type'], 'application/json;charset=UTF-8');
  const type = push.body.eventType as keyof typeof STATUS_EXAMPLES;
  const example = JSON.parse(STATUS_EXAMPLES[type]) as { statusInfo: object };
  assert.deepEqual(keys(push.body), ['eventType', 'statusInfo']);
  const got = keys(push.body.statusInfo).filter((k) => !optional.includes(k));
  assert.deepEqual(got, keys(example.statusInfo), `${type} fields`);
  assert.match(push.body.statusInfo.timestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
}

/** A CDR has every field of the example of its service, plus the ones the scenario adds. */
export function assertFeeShape(item: Record<string, unknown>, service: keyof typeof FEE_EXAMPLES, extra: string[] = []): void {
  const example = (JSON.parse(FEE_EXAMPLES[service]) as { feeLst: object[] }).feeLst[0]!;
  const expected = [...keys(example), ...extra].sort();
  assert.deepEqual(keys(item), expected, `${service} CDR fields`);
}

/**
 * Every push carries a valid AK/SK signature over its URL and a message id. Created is read from
 * the wall clock, as a real receiver checks it, whatever clock the simulated calls run on.
 */
export function assertSigned(rx: Receiver, appKey: string, appSecret: string): void {
  const verifier = new PushVerifier({ appKey, appSecret });
  for (const push of rx.received) {
    const verdict = verifier.verify(rx.url + push.path, push.headers as never);
    assert.deepEqual(verdict, { ok: true }, `signature of ${push.path} ${push.raw.slice(0, 60)}`);
    assert.match(String(push.headers['x-voxcall-message-id']), /^[0-9a-f-]{36}$/);
  }
}

export const statusTypes = (rx: Receiver, path = '/status') => rx.on(path).map((p) => `${p.body.eventType}:${p.body.statusInfo.called}`);
export const feeItems = (rx: Receiver, path = '/fee') => rx.on(path).flatMap((p) => p.body.feeLst as Array<Record<string, any>>);

/**
 * A predicate for Receiver.until: the call's disconnect status push and its CDR have both arrived.
 * They travel separately (a CDR may overtake the disconnect), so a test asserting on both waits for both.
 */
export const callEnded = (sessionId: string, status = '/status', fee = '/fee') => (all: Received[]): boolean =>
  all.some((p) => p.path === status && p.body?.eventType === 'disconnect' && p.body.statusInfo?.sessionId === sessionId) &&
  all.some((p) => p.path === fee && (p.body?.feeLst as Array<{ sessionId?: string }> | undefined)?.some((f) => f.sessionId === sessionId) === true);
