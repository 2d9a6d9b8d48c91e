// Apps and their display numbers; voice files and TTS templates are in media.ts.

import type Database from 'better-sqlite3';
import { appParams, PUT_APP, toApp, toNumber, type AppRow, type NumberRow } from '../sql/app-rows.js';
import type { AppRepo } from '../types.js';
import { sqliteMedia } from './media.js';

export function sqliteApps(db: Database.Database): AppRepo {
  const getApp = db.prepare<[string], AppRow>('SELECT * FROM apps WHERE app_key = ?');
  const listApps = db.prepare<[], AppRow>('SELECT * FROM apps ORDER BY created_at, app_key');
  const putApp = db.prepare(PUT_APP);
  const numbers = db.prepare<[string], NumberRow>('SELECT number, app_key, status FROM display_numbers WHERE app_key = ? ORDER BY number');
  const number = db.prepare<[string], NumberRow>('SELECT number, app_key, status FROM display_numbers WHERE number = ?');
  const addNumber = db.prepare('INSERT INTO display_numbers (number, app_key, status) VALUES (?, ?, ?) ON CONFLICT (number) DO NOTHING');
  const removeNumber = db.prepare('DELETE FROM display_numbers WHERE app_key = ? AND number = ?');
  const putNumber = db.prepare(
    `INSERT INTO display_numbers (number, app_key, status) VALUES (?, ?, ?)
     ON CONFLICT (number) DO UPDATE SET app_key = excluded.app_key, status = excluded.status`,
  );
  return {
    ...sqliteMedia(db),
    async get(appKey) {
      const r = getApp.get(appKey);
      return r && toApp(r);
    },
    async put(app) {
      putApp.run(appParams(app));
    },
    async list() {
      return listApps.all().map(toApp);
    },
    async numbers(appKey) {
      return numbers.all(appKey).map(toNumber);
    },
    async number(n) {
      const r = number.get(n);
      return r && toNumber(r);
    },
    async addNumber(n) {
      return addNumber.run(n.number, n.appKey, n.status).changes === 1;
    },
    async removeNumber(appKey, n) {
      return removeNumber.run(appKey, n).changes === 1;
    },
    async putNumber(n) {
      putNumber.run(n.number, n.appKey, n.status);
    },
  };
}
