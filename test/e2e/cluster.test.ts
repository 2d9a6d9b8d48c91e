// The cluster end to end (docs/cluster.md, "Deploying several nodes"): two api nodes and two
// dispatcher nodes, each its own process, on one PostgreSQL schema, behind nginx run from the
// shipped deploy/nginx/voxcall.conf. The client places a few thousand callnotify calls through
// nginx; mid-way one api node and one dispatcher are killed with SIGKILL. Every call the API
// accepted (resultcode 0 received) must get its disconnect and its CDR at the receiver, its status
// events in the reference's order; duplicates (at least once) are counted, printed, and must be
// exact repeats of an earlier delivery. Requests nginx could not deliver (502: the killed node's
// in-flight ones) were not accepted, so they are not lost calls.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { encodeUrlParam, VoxcallClient, VoxcallClientError } from '../../src/client/index.js';
import { startNginx } from '../helpers/nginx.js';
import { freePort, killAllNodes, sharedStoreEnv, startNodeProcess, type NodeProcess } from '../helpers/node-process.js';
import { Receiver, type Received } from '../helpers/receiver.js';
import { PG_URL, postgresBackend } from '../store/backends.js';

// A few thousand, as the issue asks: on this 2-core machine (four nodes, PostgreSQL, nginx and the
// test on it) 2,000 calls take 60 s to 90 s in all, depending on its other load.
// VOXCALL_CLUSTER_CALLS sets another size (800 for a quicker local run).
const CALLS = Number(process.env.VOXCALL_CLUSTER_CALLS ?? 2000);
const KILL_AT = Math.floor(CALLS / 2);
const WIDTH = 32;
const KEY = 'clusterappkey02';
const SECRET = 'cluster-e2e-secret';
const ADMIN = 'cluster-e2e-admin-token';
// The reference's order of a one-leg call's status events (callnotify): each after the one before.
// A call the killed node accepted but had not yet dialled has only its disconnect (by the adopter).
const ORDER = ['callout', 'alerting', 'answer', 'disconnect'];

after(killAllNodes);

/** What the receiver got per call, with every repeat of an earlier delivery set aside. */
class Ledger {
  events = new Map<string, string[]>();
  cdrs = new Map<string, string>();
  #status = new Map<string, string>();
  duplicates: string[] = [];
  conflicts: string[] = [];
  #seen = 0;

  take(received: Received[]): void {
    for (; this.#seen < received.length; this.#seen++) {
      const push = received[this.#seen]!;
      if (push.path === '/status') {
        const sid = push.body.statusInfo.sessionId as string;
        const key = `${sid} ${push.body.eventType}`;
        const earlier = this.#status.get(key);
        if (earlier !== undefined) {
          (earlier === push.raw ? this.duplicates : this.conflicts).push(`${key}: ${push.raw}`);
          continue;
        }
        this.#status.set(key, push.raw);
        this.events.set(sid, [...(this.events.get(sid) ?? []), push.body.eventType as string]);
      } else if (push.path === '/fee') {
        for (const item of push.body.feeLst as Array<{ sessionId: string }>) {
          const raw = JSON.stringify(item);
          const earlier = this.cdrs.get(item.sessionId);
          if (earlier !== undefined) (earlier === raw ? this.duplicates : this.conflicts).push(`CDR ${item.sessionId}: ${raw}`);
          else this.cdrs.set(item.sessionId, raw);
        }
      }
    }
  }

  complete(sid: string): boolean {
    return this.cdrs.has(sid) && (this.events.get(sid) ?? []).includes('disconnect');
  }
}

describe('cluster behind nginx (postgres)', { skip: postgresBackend.skip }, () => {
  test('api and dispatcher nodes killed mid-way: every accepted call gets its ordered status events and its CDR', { timeout: 300_000 }, async () => {
    const store = await sharedStoreEnv(PG_URL);
    const rx = await new Receiver().start();
    const dirs = await mkdtemp(join(tmpdir(), 'voxcall-cluster-e2e-'));
    after(async () => {
      await rx.close();
      // The nodes first: a schema is dropped once nobody holds its locks.
      await killAllNodes();
      await store.cleanup();
      await rm(dirs, { recursive: true, force: true });
    });
    const common = {
      ...store.env, VOXCALL_NODE_TIMEOUT_S: '3', VOXCALL_SPEED: '10', VOXCALL_LOG_LEVEL: 'error',
      VOXCALL_DEMO_APP_KEY: KEY, VOXCALL_DEMO_APP_SECRET: SECRET, VOXCALL_ADMIN_TOKEN: ADMIN,
    };
    // Each node its own data directory (one api node per directory, docs/cluster.md); the store is shared.
    const start = async (id: string, role: string): Promise<NodeProcess> =>
      startNodeProcess({ ...common, VOXCALL_DATA_DIR: join(dirs, id), VOXCALL_PORT: String(await freePort()), VOXCALL_ROLE: role, VOXCALL_NODE_ID: id });
    // The first node creates the schema; the others join it.
    const api1 = await start('api-1', 'api');
    const [api2, disp1, disp2] = await Promise.all([start('api-2', 'api'), start('disp-1', 'dispatcher'), start('disp-2', 'dispatcher')]);
    const nginx = await startNginx([api1, api2].map((n) => new URL(n.url).host));
    after(() => nginx.stop());

    // The demo app's 100 call ports would refuse (1020165) calls placed faster than they end.
    const quota = await fetch(`${nginx.url}/v1/apps/${KEY}`, {
      method: 'PATCH', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ portQuota: CALLS }),
    });
    assert.equal(quota.status, 200, await quota.text());

    const client = new VoxcallClient({ baseUrl: nginx.url, appKey: KEY, appSecret: SECRET });
    after(() => client.close());
    const accepted: string[] = [];
    const refused: string[] = [];
    let next = 0;
    let killed: Promise<unknown> | undefined;
    const startedAt = Date.now();
    const worker = async () => {
      while (next < CALLS) {
        const i = next++;
        if (i === KILL_AT) {
          disp1.child.kill('SIGKILL');
          api2.child.kill('SIGKILL');
          killed = Promise.all([disp1.exited, api2.exited]);
        }
        // README's "any other number": answers at 3 s; a notification ends once its voice played.
        // One callee per call, so no callee frequency limit refuses one.
        const res = await client.callNotify({
          displayNbr: '+8675528000001', calleeNbr: `+86138${String(i).padStart(8, '0')}`, playInfoList: [{ notifyVoice: 'welcome.wav' }],
          statusUrl: encodeUrlParam(`${rx.url}/status`), feeUrl: encodeUrlParam(`${rx.url}/fee`),
        } as never).catch((err: unknown) => {
          // nginx's own error page (not JSON): the node it passed the request to went away.
          if (err instanceof VoxcallClientError) return { status: err.status, body: { resultcode: undefined, text: err.bodyText.slice(0, 80) } as Record<string, unknown> };
          throw err;
        });
        if (res.body.resultcode === '0') accepted.push(res.body.sessionId as string);
        else refused.push(`${res.status} ${JSON.stringify(res.body)}`);
      }
    };
    await Promise.all(Array.from({ length: WIDTH }, worker));
    await killed;
    const placedMs = Date.now() - startedAt;
    // Only nginx's "the node went away with the request" may refuse: anything else is a real refusal.
    assert.deepEqual(refused.filter((r) => !r.startsWith('502 ')), [], 'only requests cut by the kill were not accepted');
    assert.ok(accepted.length >= CALLS - WIDTH, `${accepted.length} of ${CALLS} accepted`);

    const ledger = new Ledger();
    const missing = () => accepted.filter((sid) => !ledger.complete(sid));
    try {
      await rx.until((all) => {
        ledger.take(all);
        return missing().length === 0;
      }, 150_000);
    } finally {
      ledger.take(rx.received);
      const adopted = accepted.filter((sid) => ledger.complete(sid) && JSON.parse(ledger.cdrs.get(sid)!).ulFailReason === 8000).length;
      console.log(`cluster: ${CALLS} calls placed in ${placedMs} ms through nginx, ${accepted.length} accepted, ${refused.length} cut by the kill (502); `
        + `${rx.received.length} pushes received in ${Date.now() - startedAt} ms, ${ledger.duplicates.length} duplicate(s), ${adopted} call(s) ended by the adopter (8000), ${missing().length} incomplete`);
      for (const d of ledger.duplicates.slice(0, 20)) console.log(`  duplicate: ${d}`);
    }
    assert.deepEqual(ledger.conflicts, [], 'a second delivery of a push is an exact repeat of the first');
    const outOfOrder = accepted.filter((sid) => {
      const seen = ledger.events.get(sid)!.filter((e) => ORDER.includes(e)).map((e) => ORDER.indexOf(e));
      return seen.some((p, i) => i > 0 && p <= seen[i - 1]!) || seen.at(-1) !== ORDER.indexOf('disconnect');
    });
    assert.deepEqual(outOfOrder.map((sid) => `${sid}: ${ledger.events.get(sid)!.join(' ')}`), [], 'status events in the reference\'s order');
    // The survivors served to the end; the killed ones did die.
    assert.equal(api1.child.exitCode, null);
    assert.equal(disp2.child.exitCode, null);
    assert.deepEqual([api2.child.signalCode, disp1.child.signalCode], ['SIGKILL', 'SIGKILL']);
  });
});
