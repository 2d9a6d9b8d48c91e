// Inbound routes in the store (migration 016, docs/inbound.md): one per app number, removed with
// the number (foreign key, ON DELETE CASCADE). Part of the repository interface (types.ts).

import type { InboundRoute } from '../domain/inbound.js';

export interface InboundRouteRepo {
  /** The route of a number, whichever app it is. */
  get(number: string): Promise<InboundRoute | undefined>;
  /** The app's routes, by number. */
  forApp(appKey: string): Promise<InboundRoute[]>;
  /**
   * Creates or replaces the number's route (createdAt kept on a replace). Resolves false and
   * changes nothing when the number is not the app's.
   */
  put(route: InboundRoute): Promise<boolean>;
  /** Resolves false when the app's number has no route. */
  delete(appKey: string, number: string): Promise<boolean>;
}
