// Lists and limits of the call policy, per app (/v1/apps/:appKey/...) and platform-wide (/v1/...).
// Every change goes through the PolicyBook, which writes the store and refreshes the in-memory
// copy the call path reads, so a change applies to the next call.

import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LIST_NAMES, PLATFORM_SCOPE, SETTING_NAMES, type ListName, type PolicySettings } from '../../domain/policy.js';
import type { Clock } from '../../lib/clock.js';
import type { PolicyBook } from '../../policy/book.js';
import { parseClockTime } from '../../policy/quiet-hours.js';
import type { Store } from '../../store/types.js';
import { manageError, notFound } from './errors.js';

export interface PolicyRouteDeps {
  store: Pick<Store, 'apps'>;
  policy: PolicyBook;
  clock: Clock;
}

const Number_ = Type.String({ pattern: '^\\+[0-9]{2,31}$', description: '+{country code}{number}, as in the call APIs' });
const List = Type.Union(LIST_NAMES.map((l) => Type.Literal(l)));
const Limit = Type.Object(
  { max: Type.Integer({ minimum: 0 }), windowS: Type.Integer({ minimum: 1, maximum: 31 * 86400, description: 'window length in seconds; windows are aligned on Beijing midnight' }) },
  { additionalProperties: false },
);
const ApiRate = Type.Object({ max: Type.Integer({ minimum: 0 }), windowS: Type.Union([Type.Literal(1), Type.Literal(60)]) }, { additionalProperties: false });
const HHMM = Type.String({ pattern: '^([01][0-9]|2[0-4]):[0-5][0-9]$' });
const Quiet = Type.Object({ start: HHMM, end: HHMM }, { additionalProperties: false, description: 'Beijing time; start > end spans midnight' });
const orNull = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** A change of settings: a field set to null goes back to inheriting (app) or to no limit (platform). */
const SettingsPatch = Type.Object(
  {
    spCalls: Type.Optional(orNull(Limit)),
    appCalls: Type.Optional(orNull(Limit)),
    displayNumberCalls: Type.Optional(orNull(Limit)),
    callerFrequency: Type.Optional(orNull(Limit)),
    calleeFrequency: Type.Optional(orNull(Limit)),
    serviceNumberFrequency: Type.Optional(orNull(Limit)),
    quietHours: Type.Optional(orNull(Quiet)),
    internationalCallin: Type.Optional(orNull(Type.Boolean())),
    internationalCallout: Type.Optional(orNull(Type.Boolean())),
    whitelistMode: Type.Optional(orNull(Type.Boolean())),
    apiRate: Type.Optional(orNull(ApiRate)),
  },
  { additionalProperties: false },
);
type SettingsPatch = Static<typeof SettingsPatch>;
const International = Type.Object({ callin: Type.Optional(orNull(Type.Boolean())), callout: Type.Optional(orNull(Type.Boolean())) }, { additionalProperties: false });
type International = Static<typeof International>;

const AppParams = Type.Object({ appKey: Type.String({ minLength: 1, maxLength: 64 }) });
const ListParams = Type.Object({ appKey: Type.Optional(Type.String()), list: List });
const MAX_LIST_PAGE = 500;
const ListPage = Type.Object({
  after: Type.Optional(Type.String({ maxLength: 32, description: 'the nextAfter of the previous page' })),
  limit: Type.Optional(Type.String({ pattern: '^([1-9][0-9]{0,1}|[1-4][0-9]{2}|500)$', description: `1-${MAX_LIST_PAGE}; absent with after absent: every entry` })),
}, { additionalProperties: false });
const EntryParams = Type.Object({ appKey: Type.Optional(Type.String()), list: List, number: Number_ });

function applyPatch(current: PolicySettings, patch: SettingsPatch): PolicySettings {
  const next: Record<string, unknown> = { ...current };
  for (const name of SETTING_NAMES) {
    const v = patch[name];
    if (v === null) delete next[name];
    else if (v !== undefined) next[name] = v;
  }
  const q = next.quietHours as PolicySettings['quietHours'];
  if (q && (parseClockTime(q.start) === undefined || parseClockTime(q.end) === undefined)) {
    throw manageError('invalid', 'quietHours: start and end must be HH:MM between 00:00 and 24:00');
  }
  return next as PolicySettings;
}

export function registerPolicyRoutes(app: FastifyInstance, deps: PolicyRouteDeps): void {
  /** The scope a request addresses: the platform, or an app that must exist. */
  const scopeOf = async (request: FastifyRequest): Promise<string> => {
    const appKey = (request.params as { appKey?: string }).appKey;
    if (appKey === undefined) return PLATFORM_SCOPE;
    if (!(await deps.store.apps.get(appKey))) throw notFound(`app ${appKey}`);
    return appKey;
  };
  const settingsAnswer = (scope: string) =>
    scope === PLATFORM_SCOPE ? { settings: deps.policy.settingsOf(scope) } : { settings: deps.policy.settingsOf(scope), effective: deps.policy.effective(scope) };
  const patch = async (scope: string, change: SettingsPatch) => {
    await deps.policy.setSettings(scope, applyPatch(deps.policy.settingsOf(scope), change), deps.clock.now());
    return settingsAnswer(scope);
  };

  for (const base of ['/lists', '/apps/:appKey/lists']) {
    const params = base.startsWith('/apps') ? AppParams : Type.Object({});
    app.get(base, { schema: { params, tags: ['policy'], summary: 'Every list entry of this level' } }, async (request) => ({
      entries: deps.policy.entries(await scopeOf(request)),
    }));
    app.get(`${base}/:list`, { schema: { params: ListParams, querystring: ListPage, tags: ['policy'], summary: 'The entries of one list, by number; with limit, a page (nextAfter: the after of the next)' } }, async (request) => {
      const all = deps.policy.entries(await scopeOf(request), (request.params as { list: ListName }).list);
      const { after, limit } = request.query as Static<typeof ListPage>;
      if (limit === undefined && after === undefined) return { entries: all };
      // Sorted by number (the book keeps them so): a page is the numbers after `after`.
      const from = after === undefined ? all : all.filter((e) => e.number > after);
      const page = from.slice(0, Number(limit ?? MAX_LIST_PAGE));
      return { entries: page, ...(from.length > page.length ? { nextAfter: page.at(-1)!.number } : {}) };
    });
    app.put(`${base}/:list/:number`, { schema: { params: EntryParams, tags: ['policy'], summary: 'Puts a number on a list' } }, async (request, reply) => {
      const scope = await scopeOf(request);
      const { list, number } = request.params as Static<typeof EntryParams>;
      const added = await deps.policy.add({ scope, list, number, createdAt: deps.clock.now() });
      reply.code(added ? 201 : 200);
      return { list, number, added };
    });
    app.delete(`${base}/:list/:number`, { schema: { params: EntryParams, tags: ['policy'], summary: 'Takes a number off a list' } }, async (request, reply) => {
      const scope = await scopeOf(request);
      const { list, number } = request.params as Static<typeof EntryParams>;
      if (!(await deps.policy.remove(scope, list, number))) throw notFound(`${number} on ${list}`);
      return reply.code(204).send();
    });
  }

  for (const base of ['/limits', '/apps/:appKey/limits']) {
    const params = base.startsWith('/apps') ? AppParams : Type.Object({});
    app.get(base, { schema: { params, tags: ['policy'], summary: 'Limit settings (an app also gets the effective ones, platform values included)' } }, async (request) =>
      settingsAnswer(await scopeOf(request)),
    );
    app.patch(base, { schema: { params, body: SettingsPatch, tags: ['policy'], summary: 'Changes the fields given; null removes one' } }, async (request) =>
      patch(await scopeOf(request), request.body as SettingsPatch),
    );
    app.put(`${base}/quiet-hours`, { schema: { params, body: Quiet, tags: ['policy'], summary: 'Sets quiet hours (Beijing time)' } }, async (request) =>
      patch(await scopeOf(request), { quietHours: request.body as Static<typeof Quiet> }),
    );
    app.delete(`${base}/quiet-hours`, { schema: { params, tags: ['policy'], summary: 'Removes quiet hours of this level' } }, async (request) =>
      patch(await scopeOf(request), { quietHours: null }),
    );
    app.put(`${base}/international`, { schema: { params, body: International, tags: ['policy'], summary: 'Allows or forbids international callin/callout' } }, async (request) => {
      const body = request.body as International;
      return patch(await scopeOf(request), { internationalCallin: body.callin, internationalCallout: body.callout });
    });
  }
}
