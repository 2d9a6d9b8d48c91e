// GET /v1/exports/failed-records: the CDR pushes voxcall gave up on, as a file an operator hands
// to the application (JSON Lines or CSV), streamed page by page so a large backlog is never held
// in memory. mark=true records the export, after which retention may delete them.

import { Readable } from 'node:stream';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../lib/clock.js';
import type { FailedRecordRow, PushAdminRepo, PushKey } from '../../store/types.js';
import { csvLine } from './csv.js';
import { manageError } from './errors.js';
import { iso } from './schemas.js';
import { filterFields } from './push-views.js';

export interface ExportRouteDeps {
  store: { pushAdmin: Pick<PushAdminRepo, 'failedRecords'> };
  clock: Clock;
}

const PAGE = 500;
const Bool = Type.Union([Type.Literal('true'), Type.Literal('false')]);
const ExportQuery = Type.Object(
  {
    format: Type.Optional(Type.Union([Type.Literal('jsonl'), Type.Literal('csv')], { description: 'default jsonl' })),
    appKey: filterFields.appKey,
    from: filterFields.from,
    to: filterFields.to,
    mark: Type.Optional(Bool),
    unexported: Type.Optional(Bool),
  },
  { additionalProperties: false },
);
type ExportQuery = Static<typeof ExportQuery>;

/** One CSV row per CDR item: a spreadsheet gets one call per line; pushId groups a batch. */
const CSV_COLUMNS = ['pushId', 'appKey', 'sessionId', 'url', 'format', 'attempts', 'lastError', 'createdAt', 'exportedAt', 'itemIndex', 'item'];

function jsonl(r: FailedRecordRow): string {
  const { createdAt, exportedAt, ...rest } = r;
  return `${JSON.stringify({ ...rest, createdAt: iso(createdAt), exportedAt: exportedAt === undefined ? undefined : iso(exportedAt) })}\n`;
}

function csvRows(r: FailedRecordRow): string {
  return r.items.map((item, i) => csvLine([
    r.pushId, r.appKey, r.sessionId, r.url, r.format, String(r.attempts), r.lastError ?? '', iso(r.createdAt),
    r.exportedAt === undefined ? '' : iso(r.exportedAt), String(i), JSON.stringify(item),
  ])).join('');
}

export function registerExportRoutes(app: FastifyInstance, deps: ExportRouteDeps): void {
  app.get('/exports/failed-records', { schema: { querystring: ExportQuery, tags: ['pushes'], summary: 'Failed CDR pushes as a JSON Lines or CSV file' } }, async (request, reply) => {
    const q = request.query as ExportQuery;
    const format = q.format ?? 'jsonl';
    const from = q.from === undefined ? undefined : Date.parse(q.from);
    const to = q.to === undefined ? undefined : Date.parse(q.to);
    if ((from !== undefined && !Number.isFinite(from)) || (to !== undefined && !Number.isFinite(to))) throw manageError('invalid', 'from and to must be ISO 8601 times');
    const filter = { appKey: q.appKey, createdFrom: from, createdTo: to, unexportedOnly: q.unexported === 'true' };
    const markAt = q.mark === 'true' ? deps.clock.now() : undefined;
    // The first page is read before the answer starts, so a store failure is still a clean 500.
    const first = await deps.store.pushAdmin.failedRecords(filter, undefined, PAGE, markAt);

    async function* lines(): AsyncGenerator<string> {
      if (format === 'csv') yield csvLine(CSV_COLUMNS);
      let page = first;
      for (;;) {
        for (const r of page) yield format === 'csv' ? csvRows(r) : jsonl(r);
        if (page.length < PAGE) return;
        const last = page.at(-1)!;
        const after: PushKey = { createdAt: last.createdAt, id: last.pushId };
        // Each page is marked as it is read: an interrupted download leaves at most one page
        // marked that the client did not get (export again without unexported=true to see it).
        page = await deps.store.pushAdmin.failedRecords(filter, after, PAGE, markAt);
      }
    }

    const stamp = new Date(deps.clock.now()).toISOString().replace(/[:.]/g, '-');
    return reply
      .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="failed-records-${stamp}.${format}"`)
      .send(Readable.from(lines()));
  });
}
