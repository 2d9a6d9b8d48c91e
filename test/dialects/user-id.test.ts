import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { costCount } from '../../src/push/dialects/ucloud-receipts.js';
import { canBeUserId, userIdOf, userIdProblem } from '../../src/push/dialects/ucloud-user-id.js';

describe('ucloud UserId and CostCount rules', () => {
  it('a UserId is at most 32 characters, without quotes or emoji', () => {
    for (const ok of [undefined, '', 'ucloud-uhost-001', 'x'.repeat(32), '订单-123']) assert.equal(canBeUserId(ok), true, String(ok));
    assert.match(userIdProblem('x'.repeat(33))!, /longer than the 32 characters of a UCloud UserId/);
    for (const bad of ["it's", 'say "hi"', 'a`b', 'a\\b', 'tab\there', 'ok👍', '❤️', 'a\u200db']) assert.equal(canBeUserId(bad), false, bad);
  });

  it('the UserId sent: none, the userData itself when valid, else its sha256: digest (always valid)', () => {
    assert.equal(userIdOf(undefined), '');
    for (const ok of ['', 'order-42', 'x'.repeat(32), '订单-123']) assert.equal(userIdOf(ok), ok);
    for (const bad of ["order'42", 'x'.repeat(33), 'a\\b', 'say "hi"', 'x'.repeat(256), 'ok👍']) {
      const id = userIdOf(bad);
      // What an SP computes from the userData it sent (docs/push-formats.md).
      assert.equal(id, `sha256:${createHash('sha256').update(Buffer.from(bad, 'utf8')).digest('hex').slice(0, 25)}`, bad);
      assert.equal(id.length, 32);
      assert.equal(canBeUserId(id), true, id);
    }
    assert.notEqual(userIdOf("order'42"), userIdOf("order'43"));
  });

  it("docs/push-formats.md's worked example is what the rule gives", () => {
    const doc = readFileSync(new URL('../../docs/push-formats.md', import.meta.url), 'utf8');
    const example = /for `order'42` the UserId is\s+`(sha256:[0-9a-f]{25})`/.exec(doc);
    assert.ok(example, 'the worked example is in the doc');
    assert.equal(example[1], userIdOf("order'42"));
  });

  it('CostCount: one per started minute of talk, 0 when unanswered', () => {
    assert.deepEqual([0, 1, 4, 60, 61, 120, 121].map(costCount), [0, 1, 1, 1, 2, 2, 3]);
  });
});
