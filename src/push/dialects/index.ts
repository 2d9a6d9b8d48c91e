// The registry of push formats, by name (the `dialect` column of the outbox).

import { huawei } from './huawei.js';
import { robot } from './robot.js';
import type { Dialect } from './types.js';
import { ucloud } from './ucloud.js';
import { voxcall } from './voxcall.js';
import { vsp } from './vsp.js';

export function dialectRegistry(list: Dialect[] = [huawei, vsp, ucloud, robot, voxcall]): Map<string, Dialect> {
  return new Map(list.map((d) => [d.name, d]));
}

/** The built-in formats. Build your own with dialectRegistry() rather than mutating this one. */
export const dialects: Map<string, Dialect> = dialectRegistry();

/** The format names a subscription may choose (voxcall: task events only, voxcall.ts). */
export const FORMAT_NAMES = ['huawei', 'vsp', 'ucloud', 'robot', 'voxcall'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

export { huawei, robot, ucloud, voxcall, vsp };
