// A binding request for the privacy-number store tests (each call a new subscription id).

import type { NewBinding } from '../../src/store/types.js';

let n = 0;

export function newBinding(over: Partial<NewBinding> = {}): NewBinding {
  return {
    subscriptionId: `sub${++n}`, appKey: 'app1', poolId: 'NP1', kind: 'AXB', a: '+8613900000011', b: '+8613900000012',
    record: false, maxDuration: 0, displayType: 1, ...over,
  };
}
