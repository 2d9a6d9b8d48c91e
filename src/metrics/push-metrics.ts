// Push delivery as the dispatcher reports it: attempts, what each try led to, and the latency of
// the attempts that reached the network. Driven by the dispatcher's events, so the
// dispatcher knows nothing of metrics.

import { Counter, Histogram, type Registry } from 'prom-client';
import type { Push, PushAttempt } from '../domain/push.js';
import type { DispatcherEventMap } from '../push/delivery/events.js';

/** The part of the Dispatcher this stage listens to. */
export interface DispatcherEvents {
  on<K extends keyof DispatcherEventMap>(event: K, listener: (...args: DispatcherEventMap[K]) => void): unknown;
}

// Webhook receivers answer in milliseconds when healthy and hit the 5 s timeout (or a
// subscription's longer one) when not: the buckets span both ends.
export const ATTEMPT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

// Classes that mean a request was actually sent (or its connection tried). Other attempts (no
// secret, a target refused before sending) are recorded with no latency worth a bucket.
const SENT_CLASSES: ReadonlySet<string> = new Set(['timeout', 'refused', 'dns', 'tls', 'network', 'non_2xx', 'rejected_body']);

function reachedNetwork(a: PushAttempt): boolean {
  return a.httpStatus !== undefined || (a.errorClass !== undefined && SENT_CLASSES.has(a.errorClass));
}

export function registerPushMetrics(registry: Registry, dispatcher: DispatcherEvents): void {
  const attempts = new Counter({
    name: 'voxcall_push_attempts_total',
    help: 'Push attempts (a failover attempt counts too) by format, kind and outcome (ok, error).',
    labelNames: ['format', 'kind', 'outcome'] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'voxcall_push_attempt_errors_total',
    help: 'Failed push attempts by format and error class (none: not sent, e.g. no signing secret).',
    labelNames: ['format', 'class'] as const,
    registers: [registry],
  });
  const outcomes = new Counter({
    name: 'voxcall_push_outcomes_total',
    help: 'What each settled try of a push led to: delivered, retry (queued again) or failed (given up), by format and kind.',
    labelNames: ['format', 'kind', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'voxcall_push_attempt_duration_seconds',
    help: 'Duration of push attempts that reached the network (connect to judged answer), by format.',
    labelNames: ['format'] as const,
    buckets: ATTEMPT_BUCKETS,
    registers: [registry],
  });

  dispatcher.on('attempt', (push, attempt) => {
    attempts.inc({ format: push.dialect, kind: push.kind, outcome: attempt.ok ? 'ok' : 'error' });
    if (!attempt.ok) errors.inc({ format: push.dialect, class: attempt.errorClass ?? 'none' });
    if (reachedNetwork(attempt)) duration.observe({ format: push.dialect }, attempt.latencyMs / 1000);
  });
  // One of these follows the attempts of each try; counted apart because a try with a failover
  // makes two attempts but one outcome.
  const settled = (outcome: 'delivered' | 'retry' | 'failed') => (push: Push) =>
    outcomes.inc({ format: push.dialect, kind: push.kind, outcome });
  dispatcher.on('delivered', settled('delivered'));
  dispatcher.on('retry', settled('retry'));
  dispatcher.on('failed', settled('failed'));
}
