// The task service both APIs and the CLI go through: create, read with counters, list, act on
// the lifecycle, add rows, page rows. Every refusal is a TaskRefusal (refusals.ts); a task of
// another app is answered like a missing one, so ids cannot be probed across apps.

import { randomBytes } from 'node:crypto';
import type { Task, TaskCounters, TaskRow } from '../domain/task.js';
import type { AppRepo, TaskRepo } from '../store/types.js';
import { silentAnnouncer, type TaskAnnouncer } from './announce.js';
import type { FlowCatalog } from './flow-catalog.js';
import { ingestRows, type IngestResult } from './ingest.js';
import { transition, type UserAction } from './lifecycle.js';
import { TASK_LIMITS } from './limits.js';
import { refuseTask } from './refusals.js';
import { taskSettings, type TaskInput } from './validate.js';

export interface TaskServiceDeps {
  repo: TaskRepo;
  apps: Pick<AppRepo, 'numbers'>;
  flows: FlowCatalog;
  /** Whether the callee is on the app's or the platform's callee blacklist (PolicyBook.listed). */
  blacklisted(appKey: string, callee: string): boolean;
  now(): number;
  /** Announces each state change (task-status pushes, stored with the change). Default: none. */
  announce?: TaskAnnouncer;
}

export interface TaskView {
  task: Task;
  counters: TaskCounters;
}

export class TaskService {
  readonly #d: TaskServiceDeps;

  constructor(deps: TaskServiceDeps) {
    this.#d = deps;
  }

  async create(appKey: string, input: TaskInput): Promise<Task> {
    const s = taskSettings(input);
    const owned = new Set((await this.#d.apps.numbers(appKey)).map((n) => n.number));
    const foreign = s.displayNumbers.find((n) => !owned.has(n));
    if (foreign) throw refuseTask('displayNumber', `displayNumbers: ${foreign} is not a number of this app`);
    const variables = await this.#d.flows.variables(appKey, s.flowId, s.flowVersion);
    if (variables === undefined) throw refuseTask('flowNotFound', `flow ${s.flowId}${s.flowVersion ? ` version ${s.flowVersion}` : ''} does not exist`);
    const now = this.#d.now();
    const taskId = randomBytes(8).toString('hex');
    const { name, ...rest } = s;
    // The flow's version is held before the task is stored: a crash in between leaves a hold with
    // no task (the flow cannot be deleted until it is released), never a task whose flow is gone.
    const flows = this.#d.flows;
    let held: number | undefined;
    if (flows.hold) {
      held = await flows.hold(appKey, s.flowId, s.flowVersion, taskId, now);
      if (held === undefined) throw refuseTask('flowNotFound', `flow ${s.flowId}${s.flowVersion ? ` version ${s.flowVersion}` : ''} does not exist`);
    }
    const task: Task = {
      taskId, appKey, name: name ?? taskId, ...rest, ...(held !== undefined ? { flowVersion: held } : {}),
      state: 'draft', rowCount: 0, createdAt: now, updatedAt: now,
    };
    try {
      await this.#d.repo.create(task);
    } catch (err) {
      await flows.release?.(appKey, s.flowId, taskId).catch(() => {});
      throw err;
    }
    return task;
  }

  /** The app's task, or notFound. */
  async task(appKey: string, taskId: string): Promise<Task> {
    const t = await this.#d.repo.get(taskId);
    if (!t || t.appKey !== appKey) throw refuseTask('notFound', `task ${taskId} does not exist`);
    return t;
  }

  async view(appKey: string, taskId: string): Promise<TaskView> {
    const task = await this.task(appKey, taskId);
    return { task, counters: await this.#d.repo.counters(taskId) };
  }

  list(appKey: string, before: { createdAt: number; taskId: string } | undefined, limit: number): Promise<Task[]> {
    return this.#d.repo.list(appKey, before, limit);
  }

  /**
   * A user action of the state machine. The store changes the state only from the one the
   * decision was made on; when another request moved the task meanwhile, the decision is made
   * again on the new state (a few times, then refused).
   */
  async act(appKey: string, taskId: string, action: UserAction): Promise<TaskView & { requeued?: number }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const task = await this.task(appKey, taskId);
      const now = this.#d.now();
      const to = transition(action, task, now);
      if (!to) {
        const why = task.state === 'paused' ? ` (paused by ${task.pausedBy === 'window' ? 'the calling window: it resumes when the window opens' : 'the user'})` : '';
        throw refuseTask('illegalTransition', `cannot ${action} a ${task.state} task${why}`);
      }
      if (action === 'start' && task.rowCount === 0) throw refuseTask('noRows', 'add rows before starting the task');
      // A rerun too: its rows would be requeued and the task finished at once by its end.
      if ((action === 'start' || action === 'resume' || action === 'rerun') && task.endAt !== undefined && task.endAt <= now) {
        throw refuseTask('invalid', 'the task\'s endAt has passed: nothing could be dialled');
      }
      const announce = this.#d.announce ?? silentAnnouncer;
      if (action === 'rerun') {
        const requeued = await announce(appKey, action, 'user', (pushes) => this.#d.repo.rerun(taskId, task.retry.retryOn, task.retry.maxTries, now, pushes));
        if (requeued === undefined) continue;
        if (requeued === 0) throw refuseTask('nothingToRerun', `no finished row has a result the task retries (${task.retry.retryOn.join(', ')})`);
        return { ...(await this.view(appKey, taskId)), requeued };
      }
      const moved = await announce(appKey, action, 'user', (pushes) => this.#d.repo.setState(taskId,
        { state: task.state, ...(task.pausedBy ? { pausedBy: task.pausedBy } : {}) },
        { state: to.to, ...(to.pausedBy ? { pausedBy: to.pausedBy } : {}) }, now, pushes));
      if (moved) return { task: moved, counters: await this.#d.repo.counters(taskId) };
    }
    throw refuseTask('illegalTransition', `the task changed while it was asked to ${action}; read it and try again`);
  }

  /**
   * Deletes a draft, completed or cancelled task with its rows and tries, and lets go of its flow
   * version (which may then be deleted). Its pushes already queued still go.
   */
  async delete(appKey: string, taskId: string): Promise<void> {
    const task = await this.task(appKey, taskId);
    if (!(await this.#d.repo.delete(taskId))) {
      const now = (await this.#d.repo.get(taskId))?.state ?? task.state;
      throw refuseTask('illegalTransition', `cannot delete a ${now} task: cancel it first`);
    }
    await this.#d.flows.release?.(appKey, task.flowId, taskId);
  }

  /** Rows from a header and records (JSON, or a CSV stream whose first record is the header). */
  async addRows(appKey: string, taskId: string, header: string[], records: AsyncIterable<string[]> | Iterable<string[]>): Promise<IngestResult> {
    const task = await this.task(appKey, taskId);
    if (task.state === 'completed' || task.state === 'cancelled') throw refuseTask('rowsClosed', `the task is ${task.state} and takes no more rows`);
    return ingestRows({ repo: this.#d.repo, flows: this.#d.flows, blacklisted: this.#d.blacklisted, now: this.#d.now }, task, header, records);
  }

  /** A CSV upload: its first record is the header. */
  async uploadCsv(appKey: string, taskId: string, records: AsyncIterator<string[]> & AsyncIterable<string[]>): Promise<IngestResult> {
    await this.task(appKey, taskId);
    const first = await records.next();
    if (first.done) throw refuseTask('malformedCsv', 'the upload is empty: a header line is required');
    return this.addRows(appKey, taskId, first.value.map((c) => c.trim()), records);
  }

  async rows(appKey: string, taskId: string, afterIndex: number, limit: number): Promise<TaskRow[]> {
    await this.task(appKey, taskId);
    return this.#d.repo.rows(taskId, afterIndex, Math.min(limit, TASK_LIMITS.maxPageRows));
  }

  /** Every row of the task in index order, a page at a time (exports stream these). */
  async *allRows(task: Task): AsyncGenerator<TaskRow> {
    let after = 0;
    for (;;) {
      const page = await this.#d.repo.rows(task.taskId, after, TASK_LIMITS.maxPageRows);
      yield* page;
      if (page.length < TASK_LIMITS.maxPageRows) return;
      after = page.at(-1)!.rowIndex;
    }
  }
}
