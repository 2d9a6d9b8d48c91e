// Outbound call tasks on the application API (a voxcall extension, docs/tasks.md): an app
// creates and runs its own tasks under /rest/voxcall/v1/tasks, authenticated with AK/SK like the
// call APIs, answered {resultcode, resultdesc, ...} with the codes of docs/result-codes.md
// ("Task codes").

import type { FastifyInstance } from 'fastify';
import type { TaskService } from '../../tasks/service.js';
import type { AuthenticateFn } from '../server.js';
import { appApiMount } from './app-api.js';
import { mountTaskRoutes } from './tasks-core.js';

export interface TaskRouteDeps {
  authenticate: AuthenticateFn;
  /** Absent: no task routes (a server built without the task service). */
  tasks?: TaskService;
}

export const TASKS_PATH = '/rest/voxcall/v1/tasks';

export function registerTaskRoutes(app: FastifyInstance, deps: TaskRouteDeps): void {
  if (!deps.tasks) return;
  mountTaskRoutes(app, {
    service: deps.tasks,
    base: TASKS_PATH,
    tags: ['tasks'],
    ...appApiMount(deps.authenticate),
  });
}
