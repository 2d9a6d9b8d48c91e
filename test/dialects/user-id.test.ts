import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { costCount } from '../../src/push/dialects/ucloud-receipts.js';
import { canBeUserId, userIdProblem } from '../../src/push/dialects/ucloud-user-id.js';

describe('ucloud UserId and CostCount rules', () => {
  it('a UserId is at most 32 characters, without quotes or emoji', () => {
    for (const ok of [undefined, '', 'ucloud-uhost-001', 'x'.repeat(32), '订单-123']) assert.equal(canBeUserId(ok), true, String(ok));
    assert.match(userIdProblem('x'.repeat(33))!, /longer than the 32 characters of a UCloud UserId/);
    for (const bad of ["it's", 'say "hi"', 'a`b', 'a\\b', 'tab\there', 'ok👍', '❤️', 'a\u200db']) assert.equal(canBeUserId(bad), false, bad);
  });
  it('CostCount: one per started minute of talk, 0 when unanswered', () => {
    assert.deepEqual([0, 1, 4, 60, 61, 120, 121].map(costCount), [0, 1, 1, 1, 2, 2, 3]);
  });
});
