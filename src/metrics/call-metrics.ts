// Calls as the engine reports them: started, answered, failed, in progress and talk time. Driven
// by the engine's lifecycle events, so the engine knows nothing of metrics.

import { Counter, Gauge, type Registry } from 'prom-client';
import { talkMs, type Call, type CallRecord } from '../domain/call.js';

/** The part of the CallEngine this stage listens to (src/calls/types.ts, CallEngineEventMap). */
export interface CallEngineEvents {
  on(event: 'started' | 'ended', listener: (call: Call) => void): unknown;
  on(event: 'finished', listener: (call: Call, record: CallRecord) => void): unknown;
}

export function registerCallMetrics(registry: Registry, engine: CallEngineEvents): void {
  const started = new Counter({
    name: 'voxcall_calls_started_total',
    help: 'Calls whose scenario started on this node, by kind (callback, notify, verify).',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const answered = new Counter({
    name: 'voxcall_calls_answered_total',
    help: 'Calls that ended with the service run (outcome answered), by kind.',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const failed = new Counter({
    name: 'voxcall_calls_failed_total',
    help: 'Calls that ended without the service run, by kind and outcome (busy, no_answer, cancelled, failed, ...).',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  const inProgress = new Gauge({
    name: 'voxcall_calls_in_progress',
    help: 'Calls running on this node now (each holds a call port), by kind.',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const talk = new Counter({
    name: 'voxcall_call_talk_seconds_total',
    help: 'Seconds of answered calls from the answer that started the service to the end, by kind.',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  // Every kind shows 0 from the first scrape, so a rate() has a start.
  for (const kind of ['callback', 'notify', 'verify']) {
    started.inc({ kind }, 0);
    answered.inc({ kind }, 0);
    inProgress.set({ kind }, 0);
    talk.inc({ kind }, 0);
  }

  engine.on('started', (call) => {
    started.inc({ kind: call.plan.kind });
    inProgress.inc({ kind: call.plan.kind });
  });
  engine.on('ended', (call) => inProgress.dec({ kind: call.plan.kind }));
  engine.on('finished', (_call, record) => {
    if (record.outcome === 'answered') answered.inc({ kind: record.kind });
    else failed.inc({ kind: record.kind, outcome: record.outcome });
    talk.inc({ kind: record.kind }, talkMs(record) / 1000);
  });
}
