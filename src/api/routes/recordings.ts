// Recording download (reference 4.6): the API answers 301 with a signed link valid for 7 days; the
// link serves the WAV itself.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../lib/clock.js';
import type { CallRepo } from '../../store/types.js';
import { apiError } from '../errors.js';
import { RESULT } from '../result-codes.js';
import type { RecordLinks } from '../record-links.js';
import { RecordQuery } from '../schemas.js';
import { baseFromHost } from '../public-base.js';
import { authHook } from './calls.js';
import type { AuthenticateFn } from '../server.js';

export interface RecordingRouteDeps {
  authenticate: AuthenticateFn;
  calls: Pick<CallRepo, 'recording'>;
  links: RecordLinks;
  clock: Clock;
  /** Base URL of this platform as clients reach it (VOXCALL_PUBLIC_URL). */
  publicUrl?: string;
  /** Without publicUrl, the Host names a link may be built from (public-base.ts). */
  allowedHosts: readonly string[];
}

export function registerRecordingRoutes(app: FastifyInstance, deps: RecordingRouteDeps): void {
  app.get('/rest/provision/voice/record/v1.0', {
    onRequest: authHook(deps.authenticate),
    schema: {
      summary: 'Recording download (reference 4.6)',
      description: 'Answers 301 with a Location: a signed link to the WAV, valid for a limited time; an unknown recording answers 1012007.',
      querystring: RecordQuery,
    },
  }, async (request, reply) => {
    const sp = request.spApp;
    if (!sp) throw apiError(RESULT.authFailed);
    if (!sp.recordingEnabled) throw apiError(RESULT.recordingNotEnabled);
    const base = deps.publicUrl ?? baseFromHost(request.headers.host, deps.allowedHosts, request.protocol);
    if (base === undefined) throw apiError(RESULT.invalidRequest, 'the Host header is not an allowed host name; the operator sets VOXCALL_PUBLIC_URL or VOXCALL_ALLOWED_HOSTS');
    const q = request.query as RecordQuery;
    const rec = await deps.calls.recording(sp.appKey, q.fileName);
    if (!rec || rec.domain !== q.recordDomain) throw apiError(RESULT.recordNotFound, `no recording ${q.fileName} in ${q.recordDomain}`);
    return reply
      .code(301)
      .header('location', base + deps.links.create(sp.appKey, q.fileName, deps.clock.now()))
      .header('connection', 'close')
      .send();
  });

  const linkDoc = { summary: 'The signed recording link that recording download redirects to (no AK/SK: the signature is in its query)' };
  app.get('/recordings/:fileName', { schema: linkDoc }, async (request, reply) => {
    const { fileName } = request.params as { fileName: string };
    const q = request.query as Record<string, string | undefined>;
    const appKey = q.app ?? '';
    const expires = Number(q.expires);
    if (!deps.links.valid(appKey, fileName, expires, q.signature ?? '', deps.clock.now())) {
      return reply.code(403).send({ resultcode: RESULT.invalidRequest.code, resultdesc: 'The download link is invalid or has expired; ask for a new one.' });
    }
    const rec = await deps.calls.recording(appKey, fileName);
    const size = rec ? await stat(rec.path).then((s) => s.size, () => undefined) : undefined;
    if (!rec || size === undefined) {
      return reply.code(404).send({ resultcode: RESULT.recordNotFound.code, resultdesc: RESULT.recordNotFound.desc });
    }
    return reply
      .type('audio/wav')
      .header('content-length', size)
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .send(createReadStream(rec.path));
  });
}
