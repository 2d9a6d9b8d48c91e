// The shell: signed out, the sign-in form; signed in, the header (views, language, sign out) and
// the view the hash names. A 401 from any call signs out (the token was changed on the server).
// Moving to another view moves focus to its h1 (a screen reader says where it is); the first view
// after sign-in and a change of the query alone (filters, paging) leave focus where it is.

import { useEffect, useRef, useState } from 'preact/hooks';
import { whenUnauthorized } from './api';
import { useI18n, type MessageKey } from './i18n';
import { href, useRoute } from './router';
import { session } from './session';
import { PageGate } from './ui/page-gate';
import { AppPage } from './views/app';
import { AppsView } from './views/apps';
import { CallView } from './views/call';
import { CallsView } from './views/calls';
import { EndpointsView } from './views/endpoints';
import { FlowPage } from './views/flow';
import { FlowsView } from './views/flows';
import { BindingPage, PrivacyView } from './views/bindings';
import { InboundPage } from './views/inbound';
import { OverviewView } from './views/overview';
import { PlatformView } from './views/platform';
import { PlaceView } from './views/place';
import { PushView } from './views/push';
import { PushesView } from './views/pushes';
import { SignIn } from './views/sign-in';
import { SimulateView } from './views/simulate';
import { TaskPage } from './views/task';
import { TasksView } from './views/tasks';

const NAV: Array<[string, MessageKey]> = [
  ['overview', 'nav.overview'], ['calls', 'nav.calls'], ['place', 'nav.place'], ['simulate', 'nav.simulate'], ['pushes', 'nav.pushes'], ['endpoints', 'nav.endpoints'], ['apps', 'nav.apps'], ['platform', 'nav.platform'],
];

function LangSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <label class="lang">
      <span class="sr-only">{t('nav.language')}</span>
      <select value={lang} onChange={(e) => setLang((e.currentTarget.value as 'en' | 'zh'))} aria-label={t('nav.language')}>
        <option value="en">English</option>
        <option value="zh">中文</option>
      </select>
    </label>
  );
}

function View({ parts, query }: ReturnType<typeof useRoute>) {
  const [area = 'overview', id, sub, subId] = parts;
  if (area === 'apps' && id && sub === 'tasks') return subId ? <TaskPage appKey={id} taskId={subId} /> : <TasksView appKey={id} />;
  if (area === 'apps' && id && sub === 'flows') return subId ? <FlowPage appKey={id} flowId={subId} query={query} /> : <FlowsView appKey={id} />;
  if (area === 'apps' && id && sub === 'inbound' && subId) return <InboundPage appKey={id} number={subId} />;
  if (area === 'apps' && id && sub === 'privacy') return <PrivacyView appKey={id} />;
  if (area === 'apps' && id && sub === 'bindings' && subId) return <BindingPage appKey={id} id={subId} />;
  if (area === 'platform') return <PlatformView />;
  if (area === 'simulate') return <SimulateView query={query} />;
  if (area === 'calls' && id) return <CallView sessionId={id} />;
  if (area === 'calls') return <CallsView query={query} />;
  if (area === 'place') return <PlaceView query={query} />;
  if (area === 'pushes' && id) return <PushView id={id} />;
  if (area === 'pushes') return <PushesView query={query} />;
  if (area === 'endpoints') return <EndpointsView />;
  if (area === 'apps' && id) return <AppPage appKey={id} />;
  if (area === 'apps') return <AppsView />;
  return <OverviewView />;
}

/** Whether the view now shown came from another view (not the first after sign-in, not a new query). */
function useViewChanged(path: string, signedIn: boolean): boolean {
  const shown = useRef<string | undefined>(undefined);
  const changed = signedIn && shown.current !== undefined && shown.current !== path;
  useEffect(() => {
    shown.current = signedIn ? path : undefined;
  }, [path, signedIn]);
  return changed;
}

export function App() {
  const { t } = useI18n();
  const route = useRoute();
  const [signedIn, setSignedIn] = useState(() => session.token() !== null);
  const [expired, setExpired] = useState(false);
  useEffect(() => whenUnauthorized(() => {
    session.signOut();
    setExpired(true);
    setSignedIn(false);
  }), []);
  const viewChanged = useViewChanged(route.parts.join('/'), signedIn);

  if (!signedIn) {
    return <SignIn expired={expired} onSignedIn={() => { setExpired(false); setSignedIn(true); }} lang={<LangSwitch />} />;
  }
  const area = route.parts[0] ?? 'overview';
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>{t('nav.skip')}</a>
      <header class="top">
        <span class="brand">voxcall</span>
        <nav aria-label={t('nav.label')}>
          <ul>
            {NAV.map(([to, key]) => (
              <li key={to}><a href={href([to])} aria-current={area === to ? 'page' : undefined}>{t(key)}</a></li>
            ))}
          </ul>
        </nav>
        <div class="tools">
          <LangSwitch />
          <button type="button" onClick={() => { session.signOut(); setSignedIn(false); }}>{t('nav.signOut')}</button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {/* A new path is a new page (its own first loads, its own gate); a new query is the same page. */}
        <PageGate key={route.parts.join('/')} focusHeading={viewChanged}>
          <View {...route} />
        </PageGate>
      </main>
    </>
  );
}
