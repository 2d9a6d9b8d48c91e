// AppRepo on both backends: apps upserted whole, display numbers (add refuses a taken number,
// putNumber moves one), voice files and TTS templates per scope (platform-wide or an app's), and
// two nodes adding the same number or file name at once: exactly one wins.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { App, TtsTemplate, VoiceFile } from '../../src/domain/app.js';
import { storeBackends, type TempStore } from './backends.js';

const app = (appKey: string, over: Partial<App> = {}): App => ({
  appKey, appSecret: `secret-${appKey}`, spId: 'sp', name: appKey, status: 'active', capabilities: ['notify'],
  recordingEnabled: false, portQuota: 2, createdAt: 1000, ...over,
});
const file = (name: string, over: Partial<VoiceFile> = {}): VoiceFile => ({ name, durationMs: 1200, path: `/v/${name}`, review: 'pending', ...over });
const template = (id: string, over: Partial<TtsTemplate> = {}): TtsTemplate => ({ id, content: `say ${id}`, review: 'pending', ...over });

for (const b of storeBackends()) describe(`app repo (${b.name})`, { skip: b.skip }, () => {
  let t: TempStore;
  beforeEach(async () => { t = await b.open(); });
  afterEach(() => t.cleanup());

  it('puts and reads apps whole, every optional field included; put again replaces; lists oldest first', async () => {
    const apps = t.store.apps;
    const full = app('k2', {
      capabilities: ['notify', 'callback'], recordingEnabled: true, statusUrl: 'http://s', feeUrl: 'http://f',
      previousSecret: 'old', previousSecretUntil: 5000, allowedClientIps: ['10.0.0.0/8'], createdAt: 1000,
    });
    await apps.put(full);
    await apps.put(app('k1', { createdAt: 1000 }));
    await apps.put(app('k0', { createdAt: 2000 }));
    assert.deepEqual(await apps.get('k2'), full);
    assert.deepEqual(await apps.get('k1'), app('k1'));
    assert.equal(await apps.get('nope'), undefined);
    assert.deepEqual((await apps.list()).map((a) => a.appKey), ['k1', 'k2', 'k0']);
    await apps.put(app('k2', { status: 'suspended', appSecret: 'new', createdAt: 1000 }));
    assert.deepEqual(await apps.get('k2'), app('k2', { status: 'suspended', appSecret: 'new', createdAt: 1000 }), 'optional fields cleared');
  });

  it('adds, lists, moves and removes display numbers', async () => {
    const apps = t.store.apps;
    assert.equal(await apps.addNumber({ number: '+862', appKey: 'a', status: 'active' }), true);
    assert.equal(await apps.addNumber({ number: '+861', appKey: 'a', status: 'suspended' }), true);
    assert.equal(await apps.addNumber({ number: '+861', appKey: 'b', status: 'active' }), false, 'taken by a');
    assert.deepEqual(await apps.numbers('a'), [
      { number: '+861', appKey: 'a', status: 'suspended' }, { number: '+862', appKey: 'a', status: 'active' },
    ]);
    assert.deepEqual(await apps.number('+861'), { number: '+861', appKey: 'a', status: 'suspended' });
    assert.equal(await apps.number('+869'), undefined);
    await apps.putNumber({ number: '+861', appKey: 'b', status: 'active' });
    assert.deepEqual(await apps.number('+861'), { number: '+861', appKey: 'b', status: 'active' }, 'moved to b');
    assert.deepEqual((await apps.numbers('a')).map((n) => n.number), ['+862']);
    assert.deepEqual((await apps.numbers('b')).map((n) => n.number), ['+861']);
    assert.equal(await apps.removeNumber('a', '+861'), false, 'a no longer has it');
    assert.equal(await apps.removeNumber('b', '+861'), true);
    assert.equal(await apps.removeNumber('b', '+861'), false);
    assert.equal(await apps.number('+861'), undefined);
  });

  it('voice files: one name per scope, platform-wide apart from an app\'s; review hits its scope only', async () => {
    const apps = t.store.apps;
    assert.equal(await apps.addVoiceFile(file('hello.wav')), true);
    assert.equal(await apps.addVoiceFile(file('hello.wav', { appKey: 'a', format: 'PCM', sizeBytes: 9, createdAt: 7 })), true);
    assert.equal(await apps.addVoiceFile(file('hello.wav', { appKey: 'a', path: '/other' })), false);
    assert.equal(await apps.addVoiceFile(file('hello.wav', { path: '/other' })), false);
    assert.deepEqual(await apps.voiceFiles(), [file('hello.wav'), file('hello.wav', { appKey: 'a', format: 'PCM', sizeBytes: 9, createdAt: 7 })]);
    assert.equal(await apps.reviewVoiceFile(undefined, 'hello.wav', 'rejected', 'too loud'), true);
    assert.equal(await apps.reviewVoiceFile('b', 'hello.wav', 'approved'), false);
    assert.deepEqual((await apps.voiceFiles()).map((f) => [f.appKey, f.review, f.reviewNote]), [
      [undefined, 'rejected', 'too loud'], ['a', 'pending', undefined],
    ]);
    await apps.putVoiceFile(file('hello.wav', { appKey: 'a', durationMs: 5, review: 'approved' }));
    assert.deepEqual((await apps.voiceFiles())[1], file('hello.wav', { appKey: 'a', durationMs: 5, review: 'approved' }), 'put replaces whole');
  });

  it('templates: one id per scope, platform-wide apart from an app\'s; review hits its scope only', async () => {
    const apps = t.store.apps;
    assert.equal(await apps.addTemplate(template('t1', { appKey: 'a', createdAt: 3 })), true);
    assert.equal(await apps.addTemplate(template('t1')), true);
    assert.equal(await apps.addTemplate(template('t1', { appKey: 'a', content: 'other' })), false);
    assert.deepEqual(await apps.templates(), [template('t1'), template('t1', { appKey: 'a', createdAt: 3 })]);
    assert.equal(await apps.reviewTemplate('a', 't1', 'approved', 'fine'), true);
    assert.equal(await apps.reviewTemplate(undefined, 't2', 'approved'), false);
    assert.deepEqual((await apps.templates()).map((x) => [x.appKey, x.review, x.reviewNote]), [
      [undefined, 'pending', undefined], ['a', 'approved', 'fine'],
    ]);
    await apps.putTemplate(template('t1', { content: 'new', review: 'approved' }));
    assert.deepEqual((await apps.templates())[0], template('t1', { content: 'new', review: 'approved' }));
  });

  it('two nodes adding the same number or voice file at once: exactly one succeeds', async () => {
    const other = await t.another();
    for (let i = 0; i < 20; i++) {
      const number = `+8610${i}`;
      const added = await Promise.all([
        t.store.apps.addNumber({ number, appKey: 'a', status: 'active' }),
        other.apps.addNumber({ number, appKey: 'b', status: 'active' }),
      ]);
      assert.equal(added.filter(Boolean).length, 1, `number ${number}: ${added}`);
      const owner = (await t.store.apps.number(number))!.appKey;
      assert.equal(owner, added[0] ? 'a' : 'b', 'the winner owns it');
      const name = `f${i}.wav`;
      const files = await Promise.all([
        t.store.apps.addVoiceFile(file(name, { appKey: 'a', path: '/one' })),
        other.apps.addVoiceFile(file(name, { appKey: 'a', path: '/two' })),
      ]);
      assert.equal(files.filter(Boolean).length, 1, `file ${name}: ${files}`);
      const stored = (await t.store.apps.voiceFiles()).find((f) => f.name === name)!;
      assert.equal(stored.path, files[0] ? '/one' : '/two');
    }
  });
});
