// The committed schema dumps are what the migrations produce, so a migration's diff shows its
// effect on each backend. A failure here means: run `npm run schema:dump` (with PostgreSQL:
// `scripts/pg/with-postgres.sh npm run schema:dump`) and commit the result.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { migratePg } from '../../src/store/postgres/migrate.js';
import { createPool } from '../../src/store/postgres/pool.js';
import { postgresSchema, sqliteSchema } from '../../src/store/schema/dump.js';
import { migrate } from '../../src/store/sqlite/migrate.js';
import { postgresBackend } from './backends.js';

const committed = (backend: string) => readFileSync(new URL(`../../src/store/${backend}/schema.sql`, import.meta.url), 'utf8');
const HINT = 'the committed schema dump differs from the migrations: run `npm run schema:dump` and commit it';

describe('schema dumps', () => {
  it('sqlite: src/store/sqlite/schema.sql is what the migrations make', () => {
    const db = new Database(':memory:');
    migrate(db, 0);
    const dump = sqliteSchema(db);
    db.close();
    assert.ok(dump.includes('CREATE TABLE pushes'), 'the dump reads the tables');
    assert.equal(dump, committed('sqlite'), HINT);
  });

  it('postgres: src/store/postgres/schema.sql is what the migrations make', { skip: postgresBackend.skip }, async () => {
    const url = process.env.VOXCALL_TEST_DATABASE_URL!;
    const schema = `dump_test_${process.pid}`;
    const admin = createPool(url, { max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    const pool = createPool(url, { schema, max: 1 });
    try {
      await migratePg(pool, 0);
      const dump = await postgresSchema(pool, schema);
      assert.ok(dump.includes('CREATE TABLE pushes'), 'the dump reads the tables');
      assert.equal(dump, committed('postgres'), HINT);
    } finally {
      await pool.end();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  });
});
