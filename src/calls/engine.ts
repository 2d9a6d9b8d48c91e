// The call engine: runs each accepted call's scenario on the network, one CallRun per call, and
// holds a call port from start until the call's record is stored.

import { EventEmitter } from 'node:events';
import type { Call, CallEvent } from '../domain/call.js';
import type { InboundOffer } from '../network/types.js';
import { CallNotActiveError } from '../store/call-ended.js';
import { runCallback } from './callback.js';
import { runFlow, runInbound } from './flow/run-flow.js';
import { runNotify } from './notify.js';
import { DEFAULT_TIMINGS, type CallEngineOptions, type EngineDeps } from './options.js';
import { recoverInterrupted } from './recover.js';
import { retryWhileUnreachable } from './retry-write.js';
import { CallRun } from './run.js';
import type { CallEngine, CallEngineEventMap, CallSink, StopResult } from './types.js';
import { runVerify } from './verify.js';

function scenario(run: CallRun): Promise<void> {
  const plan = run.call.plan;
  switch (plan.kind) {
    case 'callback':
      return runCallback(run, plan);
    case 'notify':
      return runNotify(run, plan);
    case 'verify':
      return runVerify(run, plan);
    case 'flow':
      return runFlow(run, plan);
    case 'inbound':
      return runInbound(run, plan);
  }
}

export function createCallEngine(opts: CallEngineOptions): CallEngine {
  const events = new EventEmitter<CallEngineEventMap>();
  // Every record stored for a call passes here: the scenarios', those of a scenario that threw, and
  // those of the calls a previous run left in progress (recover), so whoever listens to 'finished'
  // (metrics, logs) sees every call end once.
  // A write the store could not take because it was unreachable is retried (retry-write.ts). A
  // write commits whole or not at all (event, record and pushes in one transaction), so a retry
  // never doubles a push. In the rare case where a COMMIT went through but its answer was lost,
  // the retry meets the stored event's key, is not retried again, and the call ends as any call
  // whose write failed (the restart's recovery ends it at worst).
  const sink: CallSink = {
    event: (call, event) => retryWhileUnreachable(() => opts.sink.event(call, event)),
    async finish(call, record, finalEvent) {
      await retryWhileUnreachable(() => opts.sink.finish(call, record, finalEvent));
      events.emit('finished', call, record);
    },
  };
  const deps: EngineDeps = { ...opts, sink, timings: { ...DEFAULT_TIMINGS, ...opts.timings } };
  const runs = new Map<string, CallRun>();
  let idleWaiters: Array<() => void> = [];
  // Calls doing something rather than waiting in their mailbox: a counter, so the hot path
  // allocates nothing for it.
  let working = 0;
  let settledWaiters: Array<() => void> = [];
  const release = (list: Array<() => void>) => {
    for (const w of list) w();
  };
  const watch = {
    parked: () => {
      if (--working === 0 && settledWaiters.length > 0) {
        const waiters = settledWaiters;
        settledWaiters = [];
        release(waiters);
      }
    },
    woken: () => {
      working++;
    },
  };

  /** Ends a call from the events stored for it, as an internal error (recoverInterrupted). */
  async function closeInterrupted(call: Call, events: CallEvent[]): Promise<void> {
    const { finalEvent, record } = recoverInterrupted(call, events, opts.clock.now(), opts.hostName);
    await sink.finish(call, record, finalEvent);
  }

  // A scenario that throws (the sink failed, a bug) still releases its legs and, when the sink
  // takes it, leaves a record, as a restart would (recover).
  async function execute(run: CallRun): Promise<void> {
    try {
      await scenario(run);
    } catch (err) {
      run.releaseAll();
      opts.onError?.(err, run.call);
      // Ended by another node (it adopted this node's calls, taking it for dead): the call's
      // disconnect and record are stored already, and nothing may follow them.
      if (err instanceof CallNotActiveError) return;
      try {
        await closeInterrupted(run.call, run.events);
      } catch (err2) {
        opts.onError?.(err2, run.call);
      }
    }
  }

  return {
    on(event, listener) {
      return events.on(event, listener as never);
    },

    start(call: Call, inbound?: InboundOffer): void {
      if (runs.has(call.sessionId)) throw new Error(`call ${call.sessionId} is already running`);
      const run = new CallRun(call, deps, watch, inbound);
      runs.set(call.sessionId, run);
      events.emit('started', call);
      watch.woken();
      void execute(run).finally(() => {
        runs.delete(call.sessionId);
        // Exactly once per call, whether or not its record could be stored.
        opts.onEnded?.(call);
        events.emit('ended', call);
        if (runs.size === 0) {
          const waiters = idleWaiters;
          idleWaiters = [];
          release(waiters);
        }
        // A scenario ends working, never parked.
        watch.parked();
      });
    },

    recover(call: Call, events: CallEvent[]): Promise<void> {
      if (runs.has(call.sessionId)) return Promise.reject(new Error(`call ${call.sessionId} is running: it is not interrupted`));
      return closeInterrupted(call, events);
    },

    stop(sessionId: string): StopResult {
      const run = runs.get(sessionId);
      if (!run || run.ended || run.stopRequested) return 'not_active';
      run.stop();
      return 'stopping';
    },

    active(appKey?: string): number {
      if (appKey === undefined) return runs.size;
      let n = 0;
      for (const r of runs.values()) if (r.call.appKey === appKey) n++;
      return n;
    },

    idle(): Promise<void> {
      if (runs.size === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },

    settled(): Promise<void> {
      if (working === 0) return Promise.resolve();
      return new Promise((resolve) => settledWaiters.push(resolve));
    },
  };
}
