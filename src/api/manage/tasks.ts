// Outbound call tasks on the management API: an operator does for any app what the app does for
// itself on the application API (/v1/apps/:appKey/tasks, the same operations and bodies). A
// refusal answers the VX code of its kind with `reason`, the task code's name (docs/tasks.md).

import type { FastifyInstance } from 'fastify';
import { TaskRefusal } from '../../tasks/refusals.js';
import type { TaskService } from '../../tasks/service.js';
import { mountTaskRoutes } from '../routes/tasks-core.js';
import { appOr404 } from './apps.js';
import { ManageError, MANAGE_ERRORS } from './errors.js';
import { AppKey } from './schemas.js';
import type { ManageDeps } from './types.js';

/** A task refusal in the management shape: {"error":{"code":"VX.…","message":"…","reason":"illegalTransition"}}. */
export class TaskManageError extends ManageError {
  readonly reason: string;

  constructor(err: TaskRefusal) {
    const entry = Object.values(MANAGE_ERRORS).find((e) => e.code === err.entry.vx) ?? MANAGE_ERRORS.invalid;
    super(entry, err.message);
    this.reason = err.refusal;
  }

  override toBody(): { error: { code: string; message: string; reason: string } } {
    return { error: { ...super.toBody().error, reason: this.reason } };
  }
}

export function registerTaskManageRoutes(app: FastifyInstance, deps: ManageDeps & { tasks?: TaskService }): void {
  if (!deps.tasks) return;
  mountTaskRoutes(app, {
    service: deps.tasks,
    base: '/apps/:appKey/tasks',
    params: { appKey: AppKey },
    tags: ['tasks'],
    appKeyOf: async (request) => (await appOr404(deps, (request.params as { appKey: string }).appKey)).appKey,
    answer: (body) => body,
    refuse: (err) => new TaskManageError(err),
  });
}
