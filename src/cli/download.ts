// Raw downloads from the management API (exports are files, not JSON answers); a refusal is
// still a JSON error body, turned into the same one-line CliError as every other command's.

import { request } from 'undici';
import { CliError } from './client.js';

export function manageDownload(baseUrl: string, token: string) {
  const base = baseUrl.replace(/\/+$/, '');
  return async (path: string): Promise<Buffer> => {
    let res;
    try {
      res = await request(base + path, { headers: { authorization: `Bearer ${token}` } });
    } catch (err) {
      const code = (err as { code?: string }).code;
      throw new CliError(`cannot reach ${base}${code ? ` (${code})` : ''}: is voxcall running? (--url or VOXCALL_URL)`);
    }
    const body = Buffer.from(await res.body.arrayBuffer());
    if (res.statusCode >= 400) {
      let error: { code?: string; message?: string } | undefined;
      try {
        error = (JSON.parse(body.toString('utf8')) as { error?: typeof error }).error;
      } catch { /* not JSON */ }
      throw new CliError(error ? `${error.message} (${error.code}, HTTP ${res.statusCode})` : `HTTP ${res.statusCode}`);
    }
    return body;
  };
}
