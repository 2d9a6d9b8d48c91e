// The registry of push formats, by name (the `dialect` column of the outbox).

import { huawei } from './huawei.js';
import type { Dialect } from './types.js';

export function dialectRegistry(list: Dialect[] = [huawei]): Map<string, Dialect> {
  return new Map(list.map((d) => [d.name, d]));
}

/** The built-in formats. Build your own with dialectRegistry() rather than mutating this one. */
export const dialects: Map<string, Dialect> = dialectRegistry();

export { huawei };
