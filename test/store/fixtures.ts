// Shared fixtures for the store tests: a fresh SQLite file per test, and small domain values.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Call, CallEvent, CallRecord } from '../../src/domain/call.js';
import type { NewPush } from '../../src/domain/push.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/types.js';

export const T0 = Date.UTC(2026, 0, 1);

export interface TempStore {
  store: Store;
  dir: string;
  path: string;
  cleanup(): Promise<void>;
}

export function tempStore(): TempStore {
  const dir = mkdtempSync(join(tmpdir(), 'voxcall-store-'));
  const path = join(dir, 'voxcall.db');
  const store = createSqliteStore(path);
  return {
    store, dir, path,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let n = 0;
export function sessionId(seq = ++n): string {
  return `1202_${seq}_4294967295_20260101000000@test`;
}

export function call(sid = sessionId(), over: Partial<Call> = {}): Call {
  return {
    sessionId: sid,
    icid: 'CAE-20260101080000-00000001',
    appKey: 'app1',
    spId: 'sp1',
    plan: { kind: 'notify', displayNbr: '+861001', calleeNbr: '+861380000', playInfoList: [] },
    statusUrl: 'http://127.0.0.1:1/status',
    feeUrl: 'http://127.0.0.1:1/fee',
    createdAt: T0,
    ...over,
  };
}

export function event(sid: string, seq: number, type: CallEvent['type'] = 'callout'): CallEvent {
  return { sessionId: sid, seq, type, leg: 'A', at: T0 + seq * 1000, caller: '+861001', called: '+861380000' };
}

export function record(sid: string, over: Partial<CallRecord> = {}): CallRecord {
  return {
    sessionId: sid, icid: 'CAE-1', appKey: 'app1', spId: 'sp1', kind: 'notify', direction: 0,
    bindNum: '+861001', callerNum: '+861001', calleeNum: '+861380000',
    legA: { startAt: T0, answerAt: T0 + 2000, endAt: T0 + 9000, q850: 0, sipStatus: 0 },
    callEndAt: T0 + 9000, outcome: 'answered', stateCode: 0, ulFailReason: 0, sipStatusCode: 0,
    partyType: 'callee', digits: [], ttsPlayTimes: 0, ttsTransDuration: 0, hostName: 'test',
    ...over,
  };
}

let pid = 0;
export function push(over: Partial<NewPush> = {}): NewPush {
  pid++;
  return {
    id: `p${String(pid).padStart(5, '0')}`,
    appKey: 'app1',
    sessionId: 's1',
    dialect: 'huawei',
    kind: 'status',
    url: 'http://127.0.0.1:1/status',
    seq: 1,
    item: { n: pid },
    availableAt: T0,
    schedule: [1000, 2000],
    timeoutMs: 5000,
    createdAt: T0,
    ...over,
  };
}
