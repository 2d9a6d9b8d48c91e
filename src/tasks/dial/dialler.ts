// The dialler (docs/tasks.md, "Dialling"): runs on every node with the call engine. It moves tasks
// through the lifecycle's system actions at their times (begin, windowClose, windowOpen, finish),
// and for each running task claims due rows one at a time within the task's concurrency and calls
// per second, held by the store across every node (claimNextRow) and by this node's own in-flight
// count and Pacer (which spaces call starts, not claims), places each as a flow call through the
// policy (placeRow), and records each try's end (settleTry). It wakes on timers of the injected
// clock (a task's next start, window change, end, retry, pacing) and on the engine's events; a
// periodic scan finds tasks started through the API or by another node.
//
// What keeps it correct: each task has one pump at a time (busy/again), so claims and the
// in-flight count of a task never interleave on this node; across nodes the store's claim hands a
// row to one claimer, and a state change is a compare and set (setState), so two nodes racing to
// the same action make it once. A try is claimed (durably) before its call exists, and recorded
// once (recordTry per row and try): a crash in between leaves the row dialling, which the next
// start records as result 28 (recoverInterruptedRows) rather than dialling it again for that try.

import type { Logger } from 'pino';
import type { Call, CallRecord } from '../../domain/call.js';
import { ACTIVE_TASK_STATES, type Task } from '../../domain/task.js';
import type { TaskChangeReason } from '../../domain/task-status.js';
import type { CallEngine } from '../../calls/types.js';
import type { Clock } from '../../lib/clock.js';
import { every } from '../../lib/every.js';
import type { FlowRepo } from '../../store/flow-repo.js';
import type { TaskRepo } from '../../store/task-repo.js';
import type { AppRepo } from '../../store/types.js';
import { silentAnnouncer, type TaskAnnouncer } from '../announce.js';
import { transition, type SystemAction } from '../lifecycle.js';
import { recoverInterruptedRows } from '../recover.js';
import { Pacer } from './pacer.js';
import { needsLook, stateOf, versionOf, type Runner } from './runner.js';
import { placeClaimed } from './place-claimed.js';
import type { RowPlacementDeps } from './place-row.js';
import { settleTry, type TryEnd } from './settle-try.js';
import { dueAction, nextChange } from './task-clock.js';
import { tryResultOf } from './try-result.js';

export interface DiallerDeps {
  repo: TaskRepo;
  apps: Pick<AppRepo, 'get'>;
  flows: Pick<FlowRepo, 'get'>;
  place: RowPlacementDeps;
  engine: Pick<CallEngine, 'on'>;
  clock: Clock;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** How often the active tasks of every app are looked at (tasks started through the API or by another node). Default 5 s. */
  scanMs?: number;
  /** False once the node drains: no new row is claimed. */
  accepting?: () => boolean;
  /** Announces each state change the dialler makes (task-status pushes, stored with it). Default: none. */
  announce?: TaskAnnouncer;
}

/** Why the dialler took a system action, as the task-status push says it. */
const REASON_OF: Record<SystemAction, TaskChangeReason> = { begin: 'startAt', windowClose: 'windowClosed', windowOpen: 'windowOpened', finish: 'endAt' };

const ACTIVE = new Set<string>(ACTIVE_TASK_STATES);
const DAY = 86_400_000;
const PAGE = 200;
/** How soon a task whose concurrency is held by other nodes' calls is looked at again. */
const SHARED_LIMIT_RECHECK_MS = 1000;

export class Dialler {
  private readonly runners = new Map<string, Runner>();
  private readonly work = new Set<Promise<unknown>>();
  private scanner: { stop(): void } | undefined;
  private stopped = false;

  private readonly scanMs: number;
  private readonly announce: TaskAnnouncer;

  constructor(private readonly d: DiallerDeps) {
    this.scanMs = d.scanMs ?? 5000;
    this.announce = d.announce ?? silentAnnouncer;
  }

  /** Settles the rows a previous run left dialling, then starts; resolves how many rows it settled. */
  async start(): Promise<number> {
    const settled = await recoverInterruptedRows(this.d.repo, this.d.clock.now());
    if (settled > 0) this.d.logger?.warn({ event: 'tasks.recovered', rows: settled }, `${settled} task row(s) left dialling by a previous run recorded as result 28`);
    this.d.engine.on('finished', (call, record) => this.onFinished(call, record));
    this.d.engine.on('ended', (call) => this.onEnded(call));
    this.wake();
    // Each scan is tracked like every other piece of work, so idle() (and a manual clock's advance) waits for it.
    this.scanner = every(this.d.clock, this.scanMs, () => this.tracked(this.scan()), (err) => this.d.logger?.error({ err }, 'task scan failed'));
    return settled;
  }

  /** Looks at every task now (a task was started or resumed through the API). */
  wake(): void {
    if (!this.stopped) this.track(this.scan());
  }

  /** No new wake or dial from now on; the ends of calls still running are still recorded (await idle()). */
  stop(): void {
    this.stopped = true;
    this.scanner?.stop();
    for (const r of this.runners.values()) r.timer?.cancel();
  }

  /** Resolves when nothing the dialler started is still running (tests: with the engine's settled()). */
  async idle(): Promise<void> {
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
  }

  private track(p: Promise<unknown>): void {
    void this.tracked(p);
  }

  /** p, counted in idle() until it settles; its failure is logged, never thrown. */
  private tracked(p: Promise<unknown>): Promise<unknown> {
    const q: Promise<unknown> = p.catch((err: unknown) => this.d.logger?.error({ err }, 'dialler step failed')).finally(() => this.work.delete(q));
    this.work.add(q);
    return q;
  }

  /** Kicks each active task (of every app) that needs a look; reads only those tasks (listActive's index), page by page. */
  private async scan(): Promise<void> {
    let after: string | undefined;
    for (;;) {
      const page = await this.d.repo.listActive(after, PAGE);
      for (const t of page) if (needsLook(this.runners.get(t.taskId), t, this.d.clock.now(), this.scanMs)) this.kick(t.taskId);
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.taskId;
    }
  }

  private runner(taskId: string): Runner {
    let r = this.runners.get(taskId);
    if (!r) {
      r = { taskId, cps: 0, pacer: new Pacer(1), inFlight: 0, busy: false, again: false, steppedAt: -Infinity };
      this.runners.set(taskId, r);
    }
    return r;
  }

  private kick(taskId: string): void {
    if (this.stopped) return;
    const r = this.runner(taskId);
    if (r.busy) {
      r.again = true;
      return;
    }
    r.busy = true;
    this.track(this.pump(r));
  }

  private async pump(r: Runner): Promise<void> {
    try {
      do {
        r.again = false;
        await this.step(r);
      } while (r.again && !this.stopped);
    } finally {
      r.busy = false;
    }
  }

  /** Wakes the runner at `at` (the earliest asked for wins). */
  private wakeAt(r: Runner, at: number | undefined): void {
    if (at === undefined || this.stopped) return;
    if (r.timerAt !== undefined && r.timerAt <= at) return;
    r.timer?.cancel();
    r.timerAt = at;
    r.timer = this.d.clock.setTimer(Math.max(0, at - this.d.clock.now()), () => {
      r.timer = undefined;
      r.timerAt = undefined;
      this.kick(r.taskId);
    });
  }

  private async act(task: Task, now: number): Promise<Task | undefined> {
    const action = dueAction(task, now);
    if (!action) return task;
    const to = transition(action, task, now);
    if (!to) return task;
    const moved = await this.announce(task.appKey, action, REASON_OF[action], (pushes) =>
      this.d.repo.setState(task.taskId, stateOf(task), { state: to.to, ...(to.pausedBy ? { pausedBy: to.pausedBy } : {}) }, now, pushes));
    if (moved) this.d.logger?.info({ event: 'task.state', taskId: task.taskId, action, state: moved.state }, `task ${task.taskId}: ${action} -> ${moved.state}`);
    // Another node (or a user) moved it first: take the task as it is now.
    return moved ?? (await this.d.repo.get(task.taskId));
  }

  private async step(r: Runner): Promise<void> {
    const now = this.d.clock.now();
    const found = await this.d.repo.get(r.taskId);
    const task = found && (await this.act(found, now));
    if (!task || !ACTIVE.has(task.state)) {
      r.timer?.cancel();
      r.timer = undefined;
      r.timerAt = undefined;
      if (r.inFlight === 0) this.runners.delete(r.taskId);
      return;
    }
    r.seen = versionOf(task);
    r.steppedAt = now;
    this.wakeAt(r, this.nextChangeOf(r, task, now));
    if (task.state !== 'running' || (this.d.accepting && !this.d.accepting())) return;
    if (task.cps !== r.cps) {
      r.cps = task.cps;
      r.pacer = new Pacer(task.cps);
    }
    await this.dial(r, task);
  }

  /**
   * nextChange, worked out again only once the task changed or its change (a day, when none is
   * ahead) is reached: it walks calendar days through Intl, and a step runs for every call's end.
   */
  private nextChangeOf(r: Runner, task: Task, now: number): number | undefined {
    const version = versionOf(task);
    const c = r.change;
    if (c && c.version === version && now >= c.from && now < (c.at ?? c.from + DAY)) return c.at;
    const at = nextChange(task, now);
    r.change = { version, from: now, at };
    return at;
  }

  /** Claims and places due rows while the task's limits allow. */
  private async dial(r: Runner, task: Task): Promise<void> {
    const [app, flow] = await Promise.all([this.d.apps.get(task.appKey), this.d.flows.get(task.appKey, task.flowId, task.flowVersion)]);
    if (!app || !flow) {
      this.d.logger?.error({ event: 'task.unplaceable', taskId: task.taskId }, `task ${task.taskId}: ${app ? `flow ${task.flowId} is gone` : `app ${task.appKey} is gone`}; nothing dialled`);
      return;
    }
    for (;;) {
      if (r.inFlight >= task.concurrency) return; // the next call's end wakes the task
      const now = this.d.clock.now();
      const wait = r.pacer.wait(now);
      if (wait > 0) return this.wakeAt(r, now + wait);
      const claimed = await this.d.repo.claimNextRow(task.taskId, now, { concurrency: task.concurrency, cps: task.cps });
      if ('none' in claimed) {
        if (claimed.none === 'no_due_row') return this.noRowDue(r, task);
        if (claimed.none === 'pace') return this.wakeAt(r, claimed.slotAt);
        // Held by calls of other nodes (this node's own ends wake it): look again shortly.
        if (claimed.none === 'concurrency') return this.wakeAt(r, now + SHARED_LIMIT_RECHECK_MS);
        return;
      }
      r.inFlight++;
      const done = await placeClaimed({ ...this.d, now: () => this.d.clock.now() }, app, task, flow, claimed.row);
      if ('placed' in done) {
        // Taken at the clock's time now, no earlier than the call's start (the clock may have moved
        // while the row was claimed and admitted): starts are then never closer than the interval.
        r.pacer.take(this.d.clock.now());
        continue;
      }
      r.inFlight--;
      if ('ended' in done) this.wakeAt(r, done.retryAt);
      else {
        this.wakeAt(r, done.until);
        // A refusal that passes with time holds the whole task: every row would be refused alike.
        if (done.hold) return;
      }
    }
  }

  /** No row is due: the task is finished, or waits for its next pending row, whoever scheduled it (a retry set by another node or a recovery). */
  private async noRowDue(r: Runner, task: Task): Promise<void> {
    this.wakeAt(r, await this.d.repo.nextDueAt(task.taskId));
    if (r.inFlight > 0) return;
    if ((await this.d.repo.counters(task.taskId)).remaining > 0) return;
    const to = transition('finish', task, this.d.clock.now());
    if (!to) return;
    const done = await this.announce(task.appKey, 'finish', 'allRowsFinal', (pushes) =>
      this.d.repo.setState(task.taskId, stateOf(task), { state: to.to }, this.d.clock.now(), pushes));
    if (done) this.d.logger?.info({ event: 'task.state', taskId: task.taskId, action: 'finish', state: done.state }, `task ${task.taskId}: every row is final -> completed`);
  }

  private onFinished(call: Call, record: CallRecord): void {
    const t = call.plan.kind === 'flow' ? call.plan.task : undefined;
    if (!t) return;
    const end: TryEnd = { ...t, result: tryResultOf(record), sessionId: call.sessionId, ...(record.dialog?.tag ? { tag: record.dialog.tag } : {}) };
    this.track(settleTry(this.d.repo, end, this.d.clock.now()).then((retryAt) => {
      const r = this.runner(t.taskId);
      this.wakeAt(r, retryAt);
      this.kick(t.taskId);
    }));
  }

  private onEnded(call: Call): void {
    const t = call.plan.kind === 'flow' ? call.plan.task : undefined;
    if (!t) return;
    const r = this.runners.get(t.taskId);
    if (r && r.inFlight > 0) r.inFlight--;
    this.kick(t.taskId);
  }
}
