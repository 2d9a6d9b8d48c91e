// Prepares each distinct SQL text once per connection (a handful of filter shapes are ever used).

import type Database from 'better-sqlite3';

/** Prepares each distinct SQL text once (a handful of filter shapes are ever used). */
export function statementCache(db: Database.Database) {
  const cache = new Map<string, Database.Statement>();
  return <Row>(sql: string): Database.Statement<unknown[], Row> => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt as Database.Statement<unknown[], Row>;
  };
}
