// The body rule of formats that carry one item per request (vsp, ucloud, robot, voxcall): the item is
// the whole JSON body, never an array.

import type { PushKind } from '../../domain/push.js';

export function singleItemBody(format: string) {
  return (_kind: PushKind, items: unknown[]): string => {
    if (items.length !== 1) throw new RangeError(`a ${format} push carries one item, got ${items.length}`);
    return JSON.stringify(items[0]);
  };
}
