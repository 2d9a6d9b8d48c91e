// Outbound call tasks on the management API: an operator does for any app what the app does for
// itself on the application API (/v1/apps/:appKey/tasks, the same operations and bodies). A
// refusal answers the VX code of its kind with `reason`, the task code's name (docs/tasks.md).

import type { FastifyInstance } from 'fastify';
import type { TaskService } from '../../tasks/service.js';
import { mountTaskRoutes } from '../routes/tasks-core.js';
import { appOr404 } from './apps.js';
import { RefusalManageError } from './errors.js';
import { AppKey } from './schemas.js';
import type { ManageDeps } from './types.js';

export function registerTaskManageRoutes(app: FastifyInstance, deps: ManageDeps & { tasks?: TaskService }): void {
  if (!deps.tasks) return;
  mountTaskRoutes(app, {
    service: deps.tasks,
    base: '/apps/:appKey/tasks',
    params: { appKey: AppKey },
    tags: ['tasks'],
    appKeyOf: async (request) => (await appOr404(deps, (request.params as { appKey: string }).appKey)).appKey,
    answer: (body) => body,
    refuse: (err) => new RefusalManageError(err),
  });
}
