// An upload is written to `<name>.uploading` and renamed when complete (voice-files.ts); a crash in
// between leaves the temporary file, which nothing else would ever remove. The platform removes
// them when it starts, before it takes requests, so no upload of this process can be in progress.
// The media directory is one node's own (docs/management-api.md): another node's uploads never
// sit in it.

import type { Dirent } from 'node:fs';
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export const UPLOAD_SUFFIX = '.uploading';

async function entries(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Removes `<mediaDir>/apps/<appKey>/*.uploading`; answers the paths removed. */
export async function removeAbandonedUploads(mediaDir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const app of await entries(join(mediaDir, 'apps'))) {
    if (!app.isDirectory()) continue;
    const dir = join(mediaDir, 'apps', app.name);
    for (const f of await entries(dir)) {
      if (!f.isFile() || !f.name.endsWith(UPLOAD_SUFFIX)) continue;
      await unlink(join(dir, f.name)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
      removed.push(join(dir, f.name));
    }
  }
  return removed;
}
