// Group commit. Every write transaction costs a WAL commit (and, every so many, a checkpoint),
// which at a few thousand writes per second is most of the store's time. Writes asked for in the
// same turn of the event loop (an API request's nonce and call, call events, push completions)
// are run together in one IMMEDIATE transaction, each in its own savepoint; each caller's promise
// settles once the whole batch has committed, so "resolved" still means "durable".

import type Database from 'better-sqlite3';

interface Job {
  run: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export interface GroupCommit {
  /**
   * Runs `work` inside the next batch. `work` must be a better-sqlite3 transaction function (so it
   * becomes a savepoint): when it throws, only its own changes roll back and only its caller is
   * rejected.
   */
  run<R>(work: () => R): Promise<R>;
  /** Commits what is waiting now (before the database closes). */
  flush(): void;
}

export function groupCommit(db: Database.Database): GroupCommit {
  let jobs: Job[] = [];
  const batch = db.transaction((list: Job[]) => {
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    for (const j of list) {
      // SQLite ends the whole transaction on some errors (SQLITE_FULL, IOERR, NOMEM). The next
      // job's savepoint would then open and commit a transaction of its own while the batch is
      // reported failed: stop, so every caller of this batch is rejected and nothing is kept.
      if (!db.inTransaction) throw new Error('the batch transaction was rolled back by SQLite');
      try {
        outcomes.push({ ok: true, value: j.run() });
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  });
  const flush = (): void => {
    if (jobs.length === 0) return;
    const list = jobs;
    jobs = [];
    let outcomes;
    try {
      outcomes = batch.immediate(list);
    } catch (err) {
      // The commit itself failed (busy, disk full): nothing of the batch was kept.
      for (const j of list) j.reject(err);
      return;
    }
    outcomes.forEach((o, i) => (o.ok ? list[i]!.resolve(o.value) : list[i]!.reject(o.error)));
  };
  return {
    flush,
    run<R>(work: () => R): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        if (jobs.length === 0) setImmediate(flush);
        jobs.push({ run: work, resolve: resolve as (v: unknown) => void, reject });
      });
    },
  };
}
