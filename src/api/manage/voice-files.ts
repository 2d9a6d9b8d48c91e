// Voice files of an app: upload a WAV (raw body, checked for format before anything is kept),
// list, approve, reject. Only approved files play; the media catalog is refreshed after each change.

import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ReviewState, VoiceFile } from '../../domain/app.js';
import { appOr404 } from './apps.js';
import { manageError, notFound } from './errors.js';
import { AppKey, Instant, Review, ReviewBody, answers, iso } from './schemas.js';
import type { ManageDeps } from './types.js';
import { checkWav } from './wav-format.js';
import { UPLOAD_SUFFIX } from './upload-leftovers.js';

/** Largest upload: 10 MiB is over 10 minutes of 8 kHz 16-bit audio, far more than a prompt needs. */
export const VOICE_FILE_LIMIT = 10 * 1024 * 1024;
export const WAV_TYPES = ['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave'];

/** The name calls use (notifyVoice, preVoice...): at most 128 characters, safe on any file system. */
const FileName = Type.String({ minLength: 5, maxLength: 128, pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]*\\.[Ww][Aa][Vv]$', description: 'letters, digits, "_", "-", "." ending in .wav' });
const FileParams = Type.Object({ appKey: AppKey, name: FileName });
const FileView = Type.Object({
  name: Type.String(),
  appKey: Type.String(),
  review: Review,
  reviewNote: Type.Optional(Type.String()),
  format: Type.Optional(Type.String()),
  durationMs: Type.Integer(),
  sizeBytes: Type.Optional(Type.Integer()),
  createdAt: Type.Optional(Instant),
});
type FileView = Static<typeof FileView>;

function view(f: VoiceFile): FileView {
  const v: FileView = { name: f.name, appKey: f.appKey ?? '', review: f.review, durationMs: f.durationMs };
  if (f.reviewNote !== undefined) v.reviewNote = f.reviewNote;
  if (f.format !== undefined) v.format = f.format;
  if (f.sizeBytes !== undefined) v.sizeBytes = f.sizeBytes;
  if (f.createdAt !== undefined) v.createdAt = iso(f.createdAt);
  return v;
}

export function registerVoiceFileRoutes(app: FastifyInstance, deps: ManageDeps): void {
  const tags = ['voice files'];
  const apps = deps.store.apps;
  const ownFiles = async (appKey: string) => (await apps.voiceFiles()).filter((f) => f.appKey === appKey);

  // Scoped to the /v1 plugin: the Huawei routes keep taking JSON only.
  app.addContentTypeParser(WAV_TYPES, { parseAs: 'buffer', bodyLimit: VOICE_FILE_LIMIT }, (_request, body, done) => done(null, body));

  app.put(
    '/apps/:appKey/voice-files/:name',
    {
      bodyLimit: VOICE_FILE_LIMIT,
      schema: {
        tags,
        summary: `Upload a voice file (Content-Type: audio/wav, at most ${VOICE_FILE_LIMIT} bytes); it waits for review`,
        consumes: WAV_TYPES,
        params: FileParams,
        response: answers(201, FileView, 404, 409, 413, 415),
      },
    },
    async (request, reply) => {
      const { appKey, name } = request.params as Static<typeof FileParams>;
      const body = request.body;
      if (!Buffer.isBuffer(body)) throw manageError('unsupportedMediaType', `Content-Type must be ${WAV_TYPES[0]}`);
      await appOr404(deps, appKey);
      if ((await ownFiles(appKey)).some((f) => f.name === name)) throw manageError('conflict', `app ${appKey} already has a voice file ${name}`);
      const verdict = checkWav(body);
      if (!verdict.ok) throw manageError('invalid', `${name} is refused: ${verdict.reason}`);

      // Written under a name of its own, then renamed: no reader ever sees half a file, and a
      // concurrent upload of the same name cannot overwrite this one. A crash in between leaves
      // the temporary file; the next start removes it (upload-leftovers.ts).
      const dir = join(deps.mediaDir, 'apps', appKey);
      await mkdir(dir, { recursive: true });
      const unique = randomBytes(6).toString('hex');
      const path = join(dir, `${unique}-${name}`);
      const tmp = path + UPLOAD_SUFFIX;
      const file: VoiceFile = {
        name,
        appKey,
        path,
        durationMs: verdict.durationMs,
        review: 'pending',
        format: verdict.format,
        sizeBytes: body.length,
        createdAt: deps.clock.now(),
      };
      try {
        await writeFile(tmp, body, { mode: 0o640 });
        await rename(tmp, path);
      } catch (err) {
        await unlink(tmp).catch(() => undefined);
        throw err;
      }
      if (!(await apps.addVoiceFile(file))) {
        await unlink(path).catch(() => undefined);
        throw manageError('conflict', `app ${appKey} already has a voice file ${name}`);
      }
      await deps.media.refresh();
      return reply.code(201).send(view(file));
    },
  );

  const ListQuery = Type.Object({ review: Type.Optional(Review) });
  app.get(
    '/apps/:appKey/voice-files',
    { schema: { tags, summary: "List an app's voice files", params: Type.Object({ appKey: AppKey }), querystring: ListQuery, response: answers(200, Type.Object({ voiceFiles: Type.Array(FileView) }), 404) } },
    async (request) => {
      const { appKey } = request.params as { appKey: string };
      const { review } = request.query as Static<typeof ListQuery>;
      await appOr404(deps, appKey);
      const files = (await ownFiles(appKey)).filter((f) => review === undefined || f.review === review);
      return { voiceFiles: files.map(view) };
    },
  );

  // The bytes as uploaded, for listening before a review (the console plays them from a blob, since
  // an <audio src> cannot send the bearer token). Another app's file is not found, like a missing one.
  app.get(
    '/apps/:appKey/voice-files/:name/audio',
    { schema: { tags, summary: 'The voice file itself (audio/wav), for listening', produces: ['audio/wav'], params: FileParams, response: answers(200, Type.Unknown({ description: 'the WAV bytes' }), 404) } },
    async (request, reply) => {
      const { appKey, name } = request.params as Static<typeof FileParams>;
      await appOr404(deps, appKey);
      const file = (await ownFiles(appKey)).find((f) => f.name === name);
      const size = file ? await stat(file.path).then((st) => st.size, () => undefined) : undefined;
      if (!file || size === undefined) throw notFound(`voice file ${name} of app ${appKey}`);
      return reply.type('audio/wav').header('content-length', size).header('cache-control', 'no-store').send(createReadStream(file.path));
    },
  );

  for (const [verb, review] of [['approve', 'approved'], ['reject', 'rejected']] as const satisfies ReadonlyArray<readonly [string, ReviewState]>) {
    app.post(
      `/apps/:appKey/voice-files/:name/${verb}`,
      { schema: { tags, summary: verb === 'approve' ? 'Approve a voice file: calls may play it' : 'Reject a voice file: calls naming it are refused', params: FileParams, body: Type.Optional(ReviewBody), response: answers(200, FileView, 404) } },
      async (request) => {
        const { appKey, name } = request.params as Static<typeof FileParams>;
        const note = (request.body as Static<typeof ReviewBody> | undefined)?.note;
        await appOr404(deps, appKey);
        if (!(await apps.reviewVoiceFile(appKey, name, review, note))) throw notFound(`voice file ${name} of app ${appKey}`);
        await deps.media.refresh();
        const file = (await ownFiles(appKey)).find((f) => f.name === name);
        if (!file) throw notFound(`voice file ${name} of app ${appKey}`);
        return view(file);
      },
    );
  }
}
