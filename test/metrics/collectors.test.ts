// The collectors on their own, with stand-ins for the store, the dispatcher and the breakers: the
// cases a real platform cannot easily produce (a failing store, open breakers, stale counts).

import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, test } from 'node:test';
import { Registry } from 'prom-client';
import type { Push, PushAttempt } from '../../src/domain/push.js';
import { ManualClock } from '../../src/lib/clock.js';
import { resultCodeOf } from '../../src/metrics/api-metrics.js';
import { registerBreakerMetrics, type BreakerView } from '../../src/metrics/breaker-metrics.js';
import { registerPushMetrics } from '../../src/metrics/push-metrics.js';
import { registerQueueMetrics } from '../../src/metrics/queue-metrics.js';
import type { DispatcherEventMap } from '../../src/push/delivery/events.js';
import { find, parse, value } from './exposition.js';

const scrape = async (r: Registry) => parse(await r.metrics());

describe('queue gauges', () => {
  const T0 = Date.UTC(2026, 10, 23, 2, 0, 0);

  test('depth, due and the oldest due age, one store read per scrape', async () => {
    const clock = new ManualClock(T0);
    let depthReads = 0;
    const r = new Registry();
    registerQueueMetrics(r, {
      clock,
      outbox: {
        counts: async () => ({ queued: 7, delivered: 3 } as never),
        depth: async (now) => {
          depthReads++;
          return { queued: 7, due: 2, oldestDueAt: now - 90_000 };
        },
      },
    });
    const s = await scrape(r);
    assert.equal(value(s, 'voxcall_push_queue_depth'), 7);
    assert.equal(value(s, 'voxcall_push_queue_due'), 2);
    assert.equal(value(s, 'voxcall_push_oldest_due_age_seconds'), 90);
    assert.equal(depthReads, 1);
    // States absent from the store's answer read 0 rather than vanishing.
    assert.deepEqual(find(s, 'voxcall_pushes').map((x) => [x.labels.state, x.value]).sort(), [['delivered', 3], ['failed', 0], ['merged', 0], ['queued', 7]]);
  });

  test('the age is in real seconds on a faster clock', async () => {
    const r = new Registry();
    const fast = Object.assign(new ManualClock(T0), { rate: 5 });
    registerQueueMetrics(r, { clock: fast, outbox: { counts: async () => ({} as never), depth: async (now) => ({ queued: 1, due: 1, oldestDueAt: now - 50_000 }) } });
    assert.equal(value(await scrape(r), 'voxcall_push_oldest_due_age_seconds'), 10);
  });

  test('a failing store: NaN and absent series, an error counted, the scrape still served', async () => {
    const r = new Registry();
    const seen: string[] = [];
    registerQueueMetrics(r, {
      clock: new ManualClock(T0),
      outbox: { counts: async () => { throw new Error('disk I/O error'); }, depth: async () => { throw new Error('disk I/O error'); } },
      onError: (_err, source) => seen.push(source),
    });
    const s = await scrape(r);
    assert.ok(Number.isNaN(value(s, 'voxcall_push_queue_depth')));
    assert.ok(Number.isNaN(value(s, 'voxcall_push_oldest_due_age_seconds')));
    assert.equal(find(s, 'voxcall_pushes').length, 0);
    assert.equal(value(s, 'voxcall_metrics_collect_errors_total', { source: 'outbox_depth' }), 1);
    assert.equal(value(s, 'voxcall_metrics_collect_errors_total', { source: 'outbox_counts' }), 1);
    assert.deepEqual(seen.sort(), ['outbox_counts', 'outbox_depth']);
  });

  test('counts are re-read only once they are older than countsEveryMs', async () => {
    let realNow = 0;
    let reads = 0;
    const r = new Registry();
    registerQueueMetrics(r, {
      clock: new ManualClock(T0), countsEveryMs: 60_000, now: () => realNow,
      outbox: { counts: async () => ({ delivered: ++reads } as never), depth: async () => ({ queued: 0, due: 0 }) },
    });
    assert.equal(value(await scrape(r), 'voxcall_pushes', { state: 'delivered' }), 1);
    realNow = 59_999;
    assert.equal(value(await scrape(r), 'voxcall_pushes', { state: 'delivered' }), 1);
    realNow = 60_000;
    assert.equal(value(await scrape(r), 'voxcall_pushes', { state: 'delivered' }), 2);
  });
});

describe('push counters', () => {
  const push = (over: Partial<Push> = {}) => ({ id: 'p1', dialect: 'vsp', kind: 'status', state: 'queued' } as Push & typeof over);
  const attempt = (over: Partial<PushAttempt>): PushAttempt => ({ pushId: 'p1', n: 1, at: 0, latencyMs: 120, ok: false, ...over });

  test('attempts by outcome, errors by class, tries by outcome; latency only for attempts that were sent', async () => {
    const r = new Registry();
    const d = new EventEmitter<DispatcherEventMap>();
    registerPushMetrics(r, d);
    d.emit('attempt', push(), attempt({ errorClass: 'timeout', latencyMs: 5000 }));
    d.emit('retry', push(), attempt({}), 0);
    d.emit('attempt', push(), attempt({ ok: true, httpStatus: 200, latencyMs: 20 }));
    d.emit('delivered', push(), attempt({ ok: true }));
    d.emit('attempt', push(), attempt({ latencyMs: 0, error: 'no secret for app a: not sent' }));
    d.emit('failed', push(), attempt({}));
    const s = await scrape(r);
    assert.equal(value(s, 'voxcall_push_attempts_total', { format: 'vsp', kind: 'status', outcome: 'error' }), 2);
    assert.equal(value(s, 'voxcall_push_attempts_total', { format: 'vsp', kind: 'status', outcome: 'ok' }), 1);
    assert.equal(value(s, 'voxcall_push_attempt_errors_total', { format: 'vsp', class: 'timeout' }), 1);
    assert.equal(value(s, 'voxcall_push_attempt_errors_total', { format: 'vsp', class: 'none' }), 1);
    for (const outcome of ['retry', 'delivered', 'failed']) assert.equal(value(s, 'voxcall_push_outcomes_total', { format: 'vsp', kind: 'status', outcome }), 1);
    assert.equal(value(s, 'voxcall_push_attempt_duration_seconds_count', { format: 'vsp' }), 2);
    assert.equal(value(s, 'voxcall_push_attempt_duration_seconds_sum', { format: 'vsp' }), 5.02);
    assert.equal(value(s, 'voxcall_push_attempt_duration_seconds_bucket', { format: 'vsp', le: '0.025' }), 1);
    assert.equal(value(s, 'voxcall_push_attempt_duration_seconds_bucket', { format: 'vsp', le: '5' }), 2);
  });
});

describe('breaker gauges', () => {
  const A = { appKey: 'app1', origin: 'http://a.example:80' };
  const B = { appKey: 'app2', origin: 'https://b.example:443' };
  test('1 for the current state, 0 for the others, labelled by app and origin; gone receivers drop out', async () => {
    let list: BreakerView[] = [{ ...A, state: 'open' }, { ...B, state: 'half_open' }];
    const r = new Registry();
    registerBreakerMetrics(r, { breakers: () => list });
    let s = await scrape(r);
    assert.equal(value(s, 'voxcall_endpoint_breaker_state', { app: 'app1', origin: A.origin, state: 'open' }), 1);
    assert.equal(value(s, 'voxcall_endpoint_breaker_state', { app: 'app1', origin: A.origin, state: 'closed' }), 0);
    assert.equal(value(s, 'voxcall_endpoint_breaker_state', { app: 'app2', origin: B.origin, state: 'half_open' }), 1);
    assert.equal(value(s, 'voxcall_endpoint_breakers', { state: 'open' }), 1);
    assert.equal(value(s, 'voxcall_endpoint_breakers', { state: 'closed' }), 0);
    list = [{ ...B, state: 'closed' }];
    s = await scrape(r);
    assert.equal(find(s, 'voxcall_endpoint_breaker_state', { app: 'app1' }).length, 0);
    assert.equal(value(s, 'voxcall_endpoint_breaker_state', { app: 'app2', origin: B.origin, state: 'closed' }), 1);
  });

  test('at most maxEndpoints receivers get series, open ones first; the totals count all', async () => {
    const list: BreakerView[] = [
      ...Array.from({ length: 5 }, (_, i) => ({ appKey: 'app1', origin: `http://closed${i}.example:80`, state: 'closed' })),
      { appKey: 'app1', origin: 'http://open.example:80', state: 'open' },
    ];
    const r = new Registry();
    registerBreakerMetrics(r, { breakers: () => list, maxEndpoints: 2 });
    const s = await scrape(r);
    const shown = new Set(find(s, 'voxcall_endpoint_breaker_state').map((x) => x.labels.origin));
    assert.equal(shown.size, 2);
    assert.ok(shown.has('http://open.example:80'));
    assert.equal(value(s, 'voxcall_endpoint_breakers', { state: 'closed' }), 5);
  });
});

describe('result code of a body', () => {
  const JSON_CT = 'application/json;charset=UTF-8';
  test('Huawei and management shapes, string or Buffer', () => {
    assert.equal(resultCodeOf(JSON_CT, '{"resultcode":"0","resultdesc":"Success","sessionId":"1202_1"}'), '0');
    assert.equal(resultCodeOf(JSON_CT, Buffer.from('{"resultcode":"1010002","resultdesc":"x"}')), '1010002');
    assert.equal(resultCodeOf('application/json; charset=utf-8', '{"error":{"code":"VX.NOT_FOUND","message":"x"}}'), 'VX.NOT_FOUND');
  });
  test('nothing from other types, large bodies, or a code that is not at the start', () => {
    assert.equal(resultCodeOf('text/plain', '{"resultcode":"0"}'), undefined);
    assert.equal(resultCodeOf(undefined, '{"resultcode":"0"}'), undefined);
    assert.equal(resultCodeOf(JSON_CT, `{"resultcode":"0","pad":"${'x'.repeat(5000)}"}`), undefined);
    assert.equal(resultCodeOf(JSON_CT, '{"items":[{"resultcode":"evil"}]}'), undefined);
    assert.equal(resultCodeOf(JSON_CT, '{"resultcode":"a b c"}'), undefined);
    assert.equal(resultCodeOf(JSON_CT, { pipe: () => undefined }), undefined);
  });
});
