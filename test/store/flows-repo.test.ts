// FlowRepo on both backends: create (id unique per app), immutable numbered versions, get latest
// or a version, paged listing, uses that block a delete, concurrent versions from two nodes, and a
// use racing a delete.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { FlowDefinition } from '../../src/domain/flow.js';
import type { NewFlow } from '../../src/store/types.js';
import { storeBackends, type TempStore } from './backends.js';

const def = (text: string): FlowDefinition => ({ start: 'a', nodes: [{ id: 'a', type: 'say', text, next: 'b' }, { id: 'b', type: 'hangup' }] });
const newFlow = (id: string, over: Partial<NewFlow> = {}): NewFlow => ({ id, appKey: 'app1', name: `flow ${id}`, definition: def('v1'), createdAt: 1000, ...over });

for (const b of storeBackends()) describe(`flow repo (${b.name})`, { skip: b.skip }, () => {
  let t: TempStore;
  beforeEach(async () => { t = await b.open(); });
  afterEach(() => t.cleanup());

  it('creates version 1; an id is unique per app, not across apps', async () => {
    const flows = t.store.flows;
    assert.equal(await flows.create(newFlow('f1', { note: 'first' })), true);
    assert.equal(await flows.create(newFlow('f1', { name: 'again', definition: def('other') })), false);
    assert.equal(await flows.create(newFlow('f1', { appKey: 'app2' })), true);
    assert.deepEqual(await flows.get('app1', 'f1'), {
      id: 'f1', appKey: 'app1', name: 'flow f1', version: 1, definition: def('v1'), note: 'first', createdAt: 1000, versionCreatedAt: 1000,
    });
    assert.equal(await flows.get('app1', 'nope'), undefined);
    assert.equal(await flows.get('app3', 'f1'), undefined);
  });

  it('adds numbered versions; a stored version never changes', async () => {
    const flows = t.store.flows;
    await flows.create(newFlow('f1'));
    const v2 = await flows.addVersion('app1', 'f1', { definition: def('v2'), note: 'shorter', at: 2000 });
    assert.ok('flow' in v2);
    assert.deepEqual([v2.flow.version, v2.flow.note, v2.flow.versionCreatedAt, v2.flow.createdAt], [2, 'shorter', 2000, 1000]);
    await flows.addVersion('app1', 'f1', { definition: def('v3'), at: 3000 });
    assert.equal((await flows.get('app1', 'f1'))!.version, 3);
    assert.deepEqual((await flows.get('app1', 'f1', 1))!.definition, def('v1'));
    assert.deepEqual((await flows.get('app1', 'f1', 2))!.definition, def('v2'));
    assert.equal((await flows.get('app1', 'f1', 3))!.note, undefined);
    assert.equal(await flows.get('app1', 'f1', 4), undefined);
    assert.deepEqual(await flows.versions('app1', 'f1'), [
      { version: 3, createdAt: 3000 }, { version: 2, note: 'shorter', createdAt: 2000 }, { version: 1, createdAt: 1000 },
    ]);
    assert.deepEqual(await flows.versions('app1', 'nope'), []);
    assert.deepEqual(await flows.addVersion('app1', 'nope', { definition: def('x'), at: 1 }), { reason: 'not_found' });
    assert.deepEqual(await flows.addVersion('app1', 'f1', { definition: def('x'), at: 4000, expectedVersion: 2 }), { reason: 'conflict', latest: 3 });
    assert.equal((await flows.get('app1', 'f1'))!.version, 3, 'a refused version stores nothing');
    const v4 = await flows.addVersion('app1', 'f1', { definition: def('v4'), at: 4000, expectedVersion: 3 });
    assert.ok('flow' in v4 && v4.flow.version === 4);
  });

  it('two nodes adding versions at once get distinct numbers', async () => {
    const other = await t.another();
    await t.store.flows.create(newFlow('f1'));
    const added = await Promise.all(Array.from({ length: 8 }, (_, i) =>
      (i % 2 ? other : t.store).flows.addVersion('app1', 'f1', { definition: def(`n${i}`), at: 2000 + i })));
    const numbers = added.map((a) => ('flow' in a ? a.flow.version : 0)).sort((x, y) => x - y);
    assert.deepEqual(numbers, [2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal((await t.store.flows.versions('app1', 'f1')).length, 9);
  });

  it('lists an app\'s flows oldest first, a page at a time, with their use counts', async () => {
    const flows = t.store.flows;
    await flows.create(newFlow('b', { createdAt: 1000 }));
    await flows.create(newFlow('a', { createdAt: 1000 }));
    await flows.create(newFlow('B', { createdAt: 1000 }));
    await flows.create(newFlow('c', { createdAt: 500 }));
    await flows.create(newFlow('z', { appKey: 'app2' }));
    await flows.addVersion('app1', 'a', { definition: def('v2'), at: 5000 });
    await flows.use('app1', 'a', { kind: 'task', id: 't1', version: 2, since: 6000 });
    const first = await flows.list('app1', undefined, 3);
    assert.deepEqual(first.map((f) => f.id), ['c', 'B', 'a'], 'created_at, then id bytewise (upper case first)');
    assert.deepEqual(first[2], { id: 'a', appKey: 'app1', name: 'flow a', version: 2, createdAt: 1000, updatedAt: 5000, uses: 1 });
    const last = first.at(-1)!;
    assert.deepEqual((await flows.list('app1', { createdAt: last.createdAt, id: last.id }, 3)).map((f) => f.id), ['b']);
    assert.deepEqual(await flows.list('app9', undefined, 10), []);
  });

  it('a use holds the flow: delete is refused until it is released', async () => {
    const flows = t.store.flows;
    await flows.create(newFlow('f1'));
    await flows.addVersion('app1', 'f1', { definition: def('v2'), at: 2000 });
    assert.equal(await flows.use('app1', 'f1', { kind: 'task', id: 't1', version: 1, since: 3000 }), 'added');
    assert.equal(await flows.use('app1', 'f1', { kind: 'task', id: 't1', version: 1, since: 3500 }), 'exists');
    assert.equal(await flows.use('app1', 'f1', { kind: 'task', id: 't2', version: 2, since: 4000 }), 'added');
    assert.equal(await flows.use('app1', 'f1', { kind: 'task', id: 't3', version: 3, since: 4000 }), 'not_found', 'no version 3');
    assert.equal(await flows.use('app1', 'nope', { kind: 'task', id: 't3', version: 1, since: 4000 }), 'not_found');
    const uses = [{ kind: 'task', id: 't1', version: 1, since: 3000 }, { kind: 'task', id: 't2', version: 2, since: 4000 }];
    assert.deepEqual(await flows.uses('app1', 'f1'), uses);
    assert.deepEqual(await flows.delete('app1', 'f1'), { deleted: false, reason: 'in_use', uses });
    assert.equal((await flows.get('app1', 'f1'))!.version, 2, 'nothing deleted');
    assert.equal(await flows.release('app1', 'f1', 'task', 't1'), true);
    assert.equal(await flows.release('app1', 'f1', 'task', 't1'), false);
    assert.equal(await flows.release('app1', 'f1', 'task', 't2'), true);
    assert.deepEqual(await flows.delete('app1', 'f1'), { deleted: true });
    assert.equal(await flows.get('app1', 'f1'), undefined);
    assert.equal(await flows.get('app1', 'f1', 1), undefined, 'its versions went with it');
    assert.deepEqual(await flows.versions('app1', 'f1'), []);
    assert.deepEqual(await flows.delete('app1', 'f1'), { deleted: false, reason: 'not_found' });
    assert.equal(await flows.create(newFlow('f1')), true, 'the id is free again, at version 1');
    assert.equal((await flows.get('app1', 'f1'))!.version, 1);
  });

  it('the database itself refuses to drop a used version', async () => {
    await t.store.flows.create(newFlow('f1'));
    await t.store.flows.use('app1', 'f1', { kind: 'task', id: 't1', version: 1, since: 3000 });
    await assert.rejects(t.sql('DELETE FROM flows WHERE app_key = ? AND id = ?', 'app1', 'f1'));
    assert.equal((await t.store.flows.get('app1', 'f1'))!.version, 1);
  });

  it('a use and a delete racing from two nodes: either the flow stays used, or it is gone and the use refused', async () => {
    const other = await t.another();
    for (let i = 0; i < 5; i++) {
      const id = `r${i}`;
      await t.store.flows.create(newFlow(id));
      const [used, deleted] = await Promise.all([
        other.flows.use('app1', id, { kind: 'task', id: 't', version: 1, since: 1 }),
        t.store.flows.delete('app1', id),
      ]);
      const flow = await t.store.flows.get('app1', id);
      if (deleted.deleted) {
        assert.equal(used, 'not_found');
        assert.equal(flow, undefined);
      } else {
        assert.equal(used, 'added');
        assert.equal(deleted.reason, 'in_use');
        assert.equal(flow!.version, 1);
      }
    }
  });
});
