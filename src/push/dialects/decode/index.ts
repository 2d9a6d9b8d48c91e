// One decoder per push format, by name: parse and validate a body into the format-neutral model.

import { decodeHuawei } from './huawei.js';
import type { DecodedPush } from './model.js';
import { decodeRobot } from './robot.js';
import { decodeUcloud } from './ucloud.js';
import { decodeVoxcall } from './voxcall.js';
import { decodeVsp } from './vsp.js';

export const decoders: Record<string, (body: unknown) => DecodedPush> = {
  huawei: decodeHuawei,
  vsp: decodeVsp,
  ucloud: decodeUcloud,
  robot: decodeRobot,
  voxcall: decodeVoxcall,
};

/** Decodes a push of the named format; throws PushDecodeError when the body is not one. */
export function decodePush(format: string, body: unknown): DecodedPush {
  const d = decoders[format];
  if (!d) throw new RangeError(`unknown push format "${format}"`);
  return d(body);
}

export { PushDecodeError } from './fields.js';
export type { DecodedItem, DecodedPush, DecodedRecord, DecodedStatus, DecodedTaskStatus } from './model.js';
export { decodeHuawei, decodeRobot, decodeUcloud, decodeVoxcall, decodeVsp };
