import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DYN_IVR_PATH_MAX, dynIvrPath } from '../../src/push/dialects/huawei-fee.js';

describe('Huawei fee: dynIVRPath', () => {
  it('joins each collection with "-" (reference: 0-2-3); none collected, no path', () => {
    assert.equal(dynIvrPath([]), undefined);
    assert.equal(dynIvrPath(['0', '2', '3']), '0-2-3');
    assert.equal(dynIvrPath(['12#', '*']), '12#-*');
  });
  it('keeps to String(1-56), cutting after the last whole collection that fits', () => {
    const path = dynIvrPath(Array.from({ length: 40 }, (_, i) => String(i % 10)))!;
    assert.equal(path.length, 55);
    assert.ok(path.length <= DYN_IVR_PATH_MAX);
    assert.equal(dynIvrPath(['1'.repeat(30), '2'.repeat(30)]), '1'.repeat(30));
    assert.equal(dynIvrPath(['9'.repeat(56)]), '9'.repeat(56));
  });
});
