// `npm run schema:dump`: writes the schema each backend has after all migrations into
// src/store/sqlite/schema.sql and src/store/postgres/schema.sql (PostgreSQL: needs
// VOXCALL_TEST_DATABASE_URL, or run it as `scripts/pg/with-postgres.sh npm run schema:dump`).

import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { migrate } from '../src/store/sqlite/migrate.js';
import { migratePg } from '../src/store/postgres/migrate.js';
import { createPool } from '../src/store/postgres/pool.js';
import { postgresSchema, sqliteSchema } from '../src/store/schema/dump.js';

const db = new Database(':memory:');
migrate(db, 0);
writeFileSync(new URL('../src/store/sqlite/schema.sql', import.meta.url), sqliteSchema(db));
db.close();
console.log('wrote src/store/sqlite/schema.sql');

const url = process.env.VOXCALL_TEST_DATABASE_URL;
if (!url) {
  console.log('PostgreSQL skipped: set VOXCALL_TEST_DATABASE_URL (or run: scripts/pg/with-postgres.sh npm run schema:dump)');
} else {
  const schema = `schema_dump_${process.pid}`;
  const admin = createPool(url, { max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const pool = createPool(url, { schema, max: 2 });
  try {
    await migratePg(pool, 0);
    writeFileSync(new URL('../src/store/postgres/schema.sql', import.meta.url), await postgresSchema(pool, schema));
    console.log('wrote src/store/postgres/schema.sql');
  } finally {
    await pool.end();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}
