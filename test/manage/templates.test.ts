import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkTemplateContent, checkTemplateParas } from '../../src/domain/template.js';
import { usePlatform } from '../helpers/platform.js';
import { admin } from './helpers.js';

const ctx = usePlatform();
const call = admin(() => ctx.t);

test('typed variables: each type accepts its values and refuses others', () => {
  const ok = (content: string, value: string) => checkTemplateParas(content, [value]).ok;
  assert.ok(ok('${MONEY_8}', '1234.50') && ok('${MONEY_8}', '12') && !ok('${MONEY_8}', '12.345') && !ok('${MONEY_8}', '¥12'));
  assert.ok(ok('${DATE}', '2026-02-28') && !ok('${DATE}', '2026-02-30') && !ok('${DATE}', '2026/02/28'));
  assert.ok(ok('${TIME}', '23:59') && ok('${TIME}', '08:00:30') && !ok('${TIME}', '24:00'));
  assert.ok(ok('${PHONE_16}', '+86-755-1234') && ok('${PHONE_16}', '13800000000') && !ok('${PHONE_16}', '138 0000') && !ok('${PHONE_16}', '--1'));
  assert.ok(ok('${CODE_6}', 'a1B2c3') && !ok('${CODE_6}', 'a1-2'));
  assert.ok(ok('${CHN_8}', '人民公园') && !ok('${CHN_8}', '人民park'));
  assert.deepEqual(checkTemplateParas('${MONEY_4}', ['12345']), { ok: false, index: 0, reason: 'value for MONEY_4 is longer than 4' });
});

test('template content: unknown types, missing or extra lengths and stray "${" are refused', () => {
  assert.equal(checkTemplateContent('您有${NUM_2}件快递请到${TXT_32}领取, ${DATE} ${TIME}'), undefined);
  assert.match(checkTemplateContent('${FOO_3}')!, /unknown variable type FOO/);
  assert.match(checkTemplateContent('${DATE_10}')!, /DATE takes no length/);
  assert.match(checkTemplateContent('${NUM}')!, /NUM needs a maximum length/);
  assert.match(checkTemplateContent('${TXT_33}')!, /1 to 32/);
  assert.match(checkTemplateContent('price ${num_2}')!, /outside a \$\{TYPE_n\} variable/);
  assert.match(checkTemplateContent('${NUM_1}'.repeat(11))!, /at most 10 variables/);
});

test('add, list, approve, reject; only an approved template is used by calls, its types enforced (1012005)', async () => {
  const { appKey } = ctx.t.platform.demo;
  const added = await call('POST', `/v1/apps/${appKey}/templates`, { id: 'bill', content: '您本月话费${MONEY_8}元, 截止${DATE}' });
  assert.equal(added.status, 201);
  assert.equal(added.body.review, 'pending');
  assert.deepEqual(added.body.variables, [
    { name: 'MONEY_8', type: 'MONEY', maxLength: 8 },
    { name: 'DATE', type: 'DATE', maxLength: 10 },
  ]);
  const place = (paras: string[]) =>
    ctx.t.client.callNotify({ displayNbr: '+8675528000001', calleeNbr: '+8613900000001', playInfoList: [{ templateId: 'bill', templateParas: paras }] });
  const pending = await place(['12.50', '2026-12-01']);
  assert.equal(pending.body.resultcode, '1010002');
  assert.match(pending.body.resultdesc, /template "bill" is not approved yet/);

  assert.equal((await call('POST', `/v1/apps/${appKey}/templates/bill/approve`, {})).body.review, 'approved');
  assert.equal((await place(['12.50', '2026-12-01'])).body.resultcode, '0');
  const wrong = await place(['12.50', '2026-13-01']);
  assert.equal(wrong.body.resultcode, '1012005');
  assert.match(wrong.body.resultdesc, /^\$\{DATE\} of templateParas .* value for DATE must be a dat/);

  await call('POST', `/v1/apps/${appKey}/templates/bill/reject`, { note: 'wording' });
  assert.match((await place(['12.50', '2026-12-01'])).body.resultdesc, /rejected by review/);
  const listed = await call('GET', `/v1/apps/${appKey}/templates`);
  assert.deepEqual(listed.body.templates.map((t: any) => `${t.id}:${t.review}:${t.reviewNote}`), ['bill:rejected:wording']);

  const generated = await call('POST', `/v1/apps/${appKey}/templates`, { content: '验证码${CODE_6}' });
  assert.match(generated.body.id, /^tpl_[0-9a-f]{12}$/);
});

test('bad templates and unknown ids: clear refusals, nothing stored', async () => {
  const { appKey } = ctx.t.platform.demo;
  const before = (await ctx.t.platform.store.apps.templates()).length;
  const cases: Array<[unknown, number, RegExp]> = [
    [{ content: '${FOO_3}' }, 400, /^content: \$\{FOO_3\}: unknown variable type/],
    [{ content: '' }, 400, /content must be at least 1 characters/],
    [{ content: 'x'.repeat(501) }, 400, /content must be at most 500/],
    [{ id: 'has space', content: 'x' }, 400, /^id /],
    [{ content: 7 }, 400, /content must be of type string/],
    [{ id: 'test_template', content: 'x' }, 201, /./],
    [{ id: 'test_template', content: 'y' }, 409, /already has a template test_template/],
  ];
  for (const [body, status, message] of cases) {
    const res = await call('POST', `/v1/apps/${appKey}/templates`, body);
    assert.equal(res.status, status, JSON.stringify(body));
    if (status !== 201) assert.match(res.body.error.message, message);
  }
  assert.equal((await ctx.t.platform.store.apps.templates()).length, before + 1);
  assert.equal((await call('POST', `/v1/apps/${appKey}/templates/missing/approve`, {})).status, 404);
  assert.equal((await call('GET', '/v1/apps/nope/templates')).status, 404);
  assert.equal((await call('POST', '/v1/apps/nope/templates', { content: 'x' })).status, 404);
});
