// Raw downloads from the management API (exports are files, not JSON answers). They go through
// the same `send` as every other request: the token reaches the configured server only, a refusal
// is the API's one-line message.

import { send } from './client.js';
import type { Target } from './server.js';

export function manageDownload(target: Target): (path: string) => Promise<Buffer> {
  return async (path) => (await send(target, 'GET', path, {})).body;
}
