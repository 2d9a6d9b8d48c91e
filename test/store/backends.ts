// The store contract suite runs every repository test on each backend: SQLite always, PostgreSQL
// when VOXCALL_TEST_DATABASE_URL names a server (`npm run test:pg` starts a throwaway one; CI
// always does). Each test gets empty storage: a fresh SQLite file, or a fresh PostgreSQL schema.
//
//   for (const b of storeBackends()) describe(`outbox (${b.name})`, { skip: b.skip }, () => { ... });

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createPostgresStore } from '../../src/store/postgres/index.js';
import { positional } from '../../src/store/postgres/params.js';
import { createPool } from '../../src/store/postgres/pool.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/types.js';

export type BackendName = 'sqlite' | 'postgres';

export interface TempStore {
  store: Store;
  backend: BackendName;
  /** Raw SQL on the same data through another connection, `?` parameters (for setting up states). */
  sql<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T[]>;
  /** A second Store on the same data: another process, or another node (`nodeId`: that node's id). */
  another(opts?: { nodeId?: string }): Promise<Store>;
  /** SQLite only: the database file and its directory. */
  path: string;
  dir: string;
  cleanup(): Promise<void>;
}

export interface StoreBackend {
  name: BackendName;
  /** Why this backend is not tested here (a describe's skip reason), or undefined. */
  skip?: string;
  open(): Promise<TempStore>;
}

export const PG_URL = process.env.VOXCALL_TEST_DATABASE_URL;

export const sqliteBackend: StoreBackend = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'voxcall-store-'));
    const path = join(dir, 'voxcall.db');
    const store = createSqliteStore(path);
    const others: Store[] = [];
    let raw: Database.Database | undefined;
    return {
      store, backend: 'sqlite', path, dir,
      async sql<T>(text: string, ...params: unknown[]) {
        raw ??= new Database(path);
        const stmt = raw.prepare(text);
        if (stmt.reader) return stmt.all(...params) as T[];
        stmt.run(...params);
        return [];
      },
      async another(opts = {}) {
        const s = createSqliteStore(path, opts);
        others.push(s);
        return s;
      },
      async cleanup() {
        raw?.close();
        for (const s of others) await s.close();
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

let schemas = 0;

export const postgresBackend: StoreBackend = {
  name: 'postgres',
  skip: PG_URL ? undefined : 'no PostgreSQL: set VOXCALL_TEST_DATABASE_URL, or run `npm run test:pg`',
  async open() {
    if (!PG_URL) throw new Error('VOXCALL_TEST_DATABASE_URL is not set (npm run test:pg starts a throwaway PostgreSQL)');
    const schema = `t${process.pid}_${++schemas}_${Math.random().toString(36).slice(2, 8)}`;
    const store = await createPostgresStore(PG_URL, { schema, poolMax: 4 });
    const pool = createPool(PG_URL, { schema, max: 2 });
    const others: Store[] = [];
    return {
      store, backend: 'postgres', path: '', dir: '',
      async sql<T>(text: string, ...params: unknown[]) {
        const r = await pool.query(positional(text), params);
        return (r.rows ?? []) as T[];
      },
      async another(opts = {}) {
        const s = await createPostgresStore(PG_URL, { schema, poolMax: 4, ...opts });
        others.push(s);
        return s;
      },
      async cleanup() {
        for (const s of others) await s.close();
        await store.close();
        await pool.query(`DROP SCHEMA ${schema} CASCADE`);
        await pool.end();
      },
    };
  },
};

/** Both backends; PostgreSQL's carries a skip reason when no server is configured. */
export function storeBackends(): StoreBackend[] {
  return [sqliteBackend, postgresBackend];
}
