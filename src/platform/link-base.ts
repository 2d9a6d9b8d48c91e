// Recording links handed out where no request names a host: the fee push's recordFileDownloadUrl
// and the calls API's recording link. One rule for both (docs/api.md, "Recording links"):
// VOXCALL_PUBLIC_URL when set, else this node's local URL (localUrl: the listening address, with
// 0.0.0.0 and :: as the loopback address a client can dial). That host is on the default
// VOXCALL_ALLOWED_HOSTS, so the link agrees with what the recording API (src/api/public-base.ts)
// answers a client on this machine; a receiver elsewhere needs VOXCALL_PUBLIC_URL.

import type { Clock } from '../lib/clock.js';
import type { RecordLinks } from '../api/record-links.js';
import { localUrl } from './server-file.js';

export class RecordingLinkBase {
  #base: string | undefined;

  constructor(
    private readonly links: RecordLinks,
    publicUrl: string | undefined,
    /** The wall clock: a link's expiry is checked on it. */
    private readonly wall: Clock,
  ) {
    this.#base = publicUrl?.replace(/\/$/, '');
  }

  /** The node listens on host:port (the port is known only now when it was 0). */
  listening(host: string, port: number): void {
    this.#base ??= localUrl(host, port);
  }

  /** A signed link to the recording, valid from now; undefined only before the node listens without a public URL. */
  link(appKey: string, objectName: string): string | undefined {
    return this.#base === undefined ? undefined : this.#base + this.links.create(appKey, objectName, this.wall.now());
  }
}
