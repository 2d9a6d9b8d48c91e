// The task routes, once, for both APIs: the application API mounts them at /rest/voxcall/v1/tasks
// (AK/SK, Huawei-shaped answers) and the management API at /v1/apps/:appKey/tasks (bearer token,
// VX errors). Each mount says whose app a request acts for, how a success is wrapped and how a
// TaskRefusal is answered. In a plugin of their own: the CSV parser they add (a raw stream, read
// as it is parsed) applies to no other route.

import { Readable } from 'node:stream';
import { Type, type TObject, type TProperties } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { csvRecords } from '../../tasks/csv.js';
import { USER_ACTIONS } from '../../tasks/lifecycle.js';
import { TASK_LIMITS } from '../../tasks/limits.js';
import { refuseTask, TaskRefusal } from '../../tasks/refusals.js';
import {
  CSV_TYPES, ExportQuery, ListQuery, listCursor, pageOf, RowsBody, RowsQuery, TaskBody, TaskIdParam,
} from '../../tasks/schemas.js';
import type { TaskService } from '../../tasks/service.js';
import { EXPORT_TYPES, exportLines, rowView, taskView } from '../../tasks/views.js';

export interface TaskMount {
  service: TaskService;
  /** The route prefix, e.g. '/rest/voxcall/v1/tasks' or '/apps/:appKey/tasks'. */
  base: string;
  /** Path parameters the prefix has (beside taskId). */
  params?: TProperties;
  tags: string[];
  /** Whose app the request acts for (throws when it cannot tell). */
  appKeyOf(request: FastifyRequest): Promise<string> | string;
  /** The JSON answer of a success. */
  answer(body: Record<string, unknown>, reply: FastifyReply): Record<string, unknown>;
  /** The error to throw for a refusal (the scope's error handler answers it). */
  refuse(err: TaskRefusal): Error;
  /** Runs before the route (authentication), if any. */
  onRequest?: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
}

const LIST_MAX = 200;

export function mountTaskRoutes(parent: FastifyInstance, m: TaskMount): void {
  parent.register(async (app) => {
    // The upload is handed over unread: csvRecords reads, limits and parses it as rows are stored.
    app.addContentTypeParser(CSV_TYPES, (_request, payload, done) => done(null, payload));
    const params = (extra: TProperties = {}): TObject => Type.Object({ ...(m.params ?? {}), ...extra });
    const withTask = params(TaskIdParam);
    const opts = (summary: string, schema: Record<string, unknown> = {}) => ({
      ...(m.onRequest ? { onRequest: m.onRequest } : {}),
      schema: { tags: m.tags, summary, ...schema },
    });
    type Handler = (request: FastifyRequest, reply: FastifyReply, appKey: string) => Promise<unknown>;
    const run = (h: Handler) => async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        return await h(request, reply, await m.appKeyOf(request));
      } catch (err) {
        if (err instanceof TaskRefusal) throw m.refuse(err);
        throw err;
      }
    };
    const taskIdOf = (request: FastifyRequest) => (request.params as { taskId: string }).taskId;
    const viewOf = async (appKey: string, taskId: string) => {
      const v = await m.service.view(appKey, taskId);
      return taskView(v.task, v.counters);
    };

    app.post(m.base, opts('Create an outbound call task (a draft: add rows, then start it)', { params: params(), body: TaskBody }), run(async (request, reply, appKey) => {
      const task = await m.service.create(appKey, request.body as TaskBody);
      reply.code(201);
      return m.answer({ task: taskView(task, await m.service.view(appKey, task.taskId).then((v) => v.counters)) }, reply);
    }));

    app.get(m.base, opts('The app\'s tasks, newest first', { params: params(), querystring: ListQuery }), run(async (request, reply, appKey) => {
      const q = request.query as ListQuery;
      const before = listCursor(q.cursor);
      const limit = pageOf(q.limit, 50, LIST_MAX);
      if (before === 'bad') throw refuseTask('invalid', 'cursor must be the nextCursor of an earlier answer');
      if (limit === 'bad') throw refuseTask('invalid', `limit must be 1 to ${LIST_MAX}`);
      const tasks = await m.service.list(appKey, before, limit);
      const last = tasks.at(-1);
      return m.answer({ tasks: tasks.map((t) => taskView(t)), ...(tasks.length === limit && last ? { nextCursor: `${last.createdAt}.${last.taskId}` } : {}) }, reply);
    }));

    app.get(`${m.base}/:taskId`, opts('A task with its progress counters', { params: withTask }), run(async (request, reply, appKey) =>
      m.answer({ task: await viewOf(appKey, taskIdOf(request)) }, reply)));

    app.post(`${m.base}/:taskId/rows`, opts('Add rows as JSON: a header and rows of values (at most 10,000 per request)', { params: withTask, body: RowsBody }),
      run(async (request, reply, appKey) => {
        const body = request.body as RowsBody;
        return m.answer({ ...(await m.service.addRows(appKey, taskIdOf(request), body.header, body.rows)) }, reply);
      }));

    app.post(`${m.base}/:taskId/upload`, {
      ...opts(`Add rows as CSV (Content-Type: text/csv; UTF-8, header line first; at most ${TASK_LIMITS.maxUploadBytes} bytes)`, { params: withTask, consumes: CSV_TYPES }),
    }, run(async (request, reply, appKey) => {
      // Fastify's JSON and text parsers still take a body sent with their types (`consumes` only
      // documents the route): such a body is not the CSV stream, and is refused as such.
      if (!(request.body instanceof Readable)) throw refuseTask('invalid', `Content-Type must be ${CSV_TYPES[0]} (a CSV upload), not ${request.headers['content-type'] ?? 'none'}`);
      const length = Number(request.headers['content-length'] ?? 0);
      if (length > TASK_LIMITS.maxUploadBytes) {
        // Refused before parsing a byte; the body is read and dropped as it arrives (never held),
        // since a client still sending would not read the answer before it has sent everything.
        (request.body as Readable).resume();
        throw refuseTask('uploadTooLarge', `the upload is ${length} bytes, larger than ${TASK_LIMITS.maxUploadBytes}`);
      }
      const body = request.body as Readable;
      try {
        return m.answer({ ...(await m.service.uploadCsv(appKey, taskIdOf(request), csvRecords(body, TASK_LIMITS.maxUploadBytes))) }, reply);
      } catch (err) {
        // Refused before (or while) the body was read (no such task, a closed one): the rest is
        // read and dropped, so the client, still sending, gets the answer.
        body.resume();
        throw err;
      }
    }));

    app.get(`${m.base}/:taskId/rows`, opts('The task\'s rows, a page at a time, in row order', { params: withTask, querystring: RowsQuery }), run(async (request, reply, appKey) => {
      const q = request.query as RowsQuery;
      const limit = pageOf(q.limit, 100, TASK_LIMITS.maxPageRows);
      if (limit === 'bad') throw refuseTask('invalid', `limit must be 1 to ${TASK_LIMITS.maxPageRows}`);
      const taskId = taskIdOf(request);
      const task = await m.service.task(appKey, taskId);
      const rows = await m.service.rows(appKey, taskId, Number(q.after ?? 0), limit);
      const last = rows.at(-1);
      return m.answer({ header: task.header ?? [], rows: rows.map(rowView), ...(rows.length === limit && last ? { nextAfter: String(last.rowIndex) } : {}) }, reply);
    }));

    for (const action of USER_ACTIONS) {
      app.post(`${m.base}/:taskId/${action}`, opts(`${action[0]!.toUpperCase()}${action.slice(1)} the task (docs/tasks.md, "State machine")`, { params: withTask }),
        run(async (request, reply, appKey) => {
          const done = await m.service.act(appKey, taskIdOf(request), action);
          return m.answer({ task: taskView(done.task, done.counters), ...(done.requeued !== undefined ? { requeued: done.requeued } : {}) }, reply);
        }));
    }

    app.delete(`${m.base}/:taskId`, opts('Delete a draft, completed or cancelled task with its rows (its flow version is then free to delete)', { params: withTask }),
      run(async (request, reply, appKey) => {
        await m.service.delete(appKey, taskIdOf(request));
        return m.answer({ deleted: taskIdOf(request) }, reply);
      }));

    app.get(`${m.base}/:taskId/export`, opts('Per-row results, streamed: CSV (default) or JSON Lines', { params: withTask, querystring: ExportQuery }),
      run(async (request, reply, appKey) => {
        const format = (request.query as ExportQuery).format ?? 'csv';
        const task = await m.service.task(appKey, taskIdOf(request));
        reply.type(EXPORT_TYPES[format]);
        reply.header('content-disposition', `attachment; filename="task-${task.taskId}.${format}"`);
        return reply.send(Readable.from(exportLines(task, m.service.allRows(task), format)));
      }));
  });
}
