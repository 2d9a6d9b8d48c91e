// The operator's bearer token. Compared through SHA-256 digests so the comparison takes the same
// time whatever the length or content of the guess (timingSafeEqual needs equal lengths).

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const ADMIN_TOKEN_FILE = 'admin-token';

/**
 * The 401's message: where the token is, never the token (nor the server's paths: the caller is
 * not authenticated yet).
 */
export const UNAUTHORIZED_MESSAGE =
  'a valid "Authorization: Bearer <token>" header is required: the token is the VOXCALL_ADMIN_TOKEN the server was started with, ' +
  'else the one it keeps in <its data dir>/admin-token (printed by npm start); the CLI takes it from --token, VOXCALL_ADMIN_TOKEN or that file';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** A checker for `Authorization` header values: true only for `Bearer <token>`. */
export function bearerChecker(token: string): (header: string | undefined) => boolean {
  if (token.length < 16) throw new RangeError('the admin token must be at least 16 characters');
  const expected = digest(token);
  return (header) => {
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
    // Digest even a missing token, so a refusal takes as long as a wrong guess.
    const given = digest(m?.[1] ?? '');
    return timingSafeEqual(given, expected) && m !== null;
  };
}

/**
 * The token from the configuration, else the one kept in `<dataDir>/admin-token`, else a new one
 * written there (mode 0600) so it survives restarts.
 */
export async function resolveAdminToken(configured: string | undefined, dataDir: string): Promise<string> {
  if (configured) return configured;
  const file = join(dataDir, ADMIN_TOKEN_FILE);
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const token = randomBytes(32).toString('base64url');
  await writeFile(file, token, { mode: 0o600 });
  return token;
}
