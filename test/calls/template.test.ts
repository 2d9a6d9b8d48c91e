import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkTemplateParas, fillTemplate, templateVariables } from '../../src/domain/template.js';

const T = '您有${NUM_2}件快递请到${TXT_32}领取';

test('templateVariables parses name, type and maximum length', () => {
  assert.deepEqual(templateVariables(T), [
    { name: 'NUM_2', type: 'NUM', maxLength: 2 },
    { name: 'TXT_32', type: 'TXT', maxLength: 32 },
  ]);
  assert.deepEqual(templateVariables('no variables'), []);
});

test('checkTemplateParas accepts the reference example and rejects each broken rule', () => {
  assert.deepEqual(checkTemplateParas(T, ['3', '人民公园正门']), { ok: true });
  const bad = (paras: string[]) => {
    const r = checkTemplateParas(T, paras);
    assert.equal(r.ok, false);
    return r.ok ? -2 : r.index;
  };
  assert.equal(bad(['3']), 1);
  assert.equal(bad(['3', 'x', 'y']), 2);
  assert.equal(bad(['123', 'x']), 0);
  assert.equal(bad(['a', 'x']), 0);
  assert.equal(bad(['3', 'x'.repeat(33)]), 1);
  assert.equal(bad(['3', 'a$b']), 1);
  assert.equal(bad(['3', '{x}']), 1);
  assert.equal(bad(['', 'x']), 0);
  // Length counts characters, not bytes.
  assert.deepEqual(checkTemplateParas(T, ['12', '人'.repeat(32)]), { ok: true });
});

test('fillTemplate fills in order', () => {
  assert.equal(fillTemplate(T, ['3', '人民公园正门']), '您有3件快递请到人民公园正门领取');
});
