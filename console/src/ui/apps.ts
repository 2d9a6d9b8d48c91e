// The apps, for the filters' and the test call's app choice (GET /v1/apps, loaded once per view).

import { api } from '../api';
import { usePoll } from '../poll';

export interface AppSummary {
  appKey: string;
  name: string;
  status?: string;
  capabilities?: string[];
}

export function useApps(): AppSummary[] {
  const { data } = usePoll(() => api<{ apps: AppSummary[] }>('GET', '/apps'), null, 'apps');
  return data?.apps ?? [];
}

export const appOptions = (apps: AppSummary[]): Array<[string, string]> => apps.map((a) => [a.appKey, `${a.name} (${a.appKey.slice(0, 8)}…)`]);
