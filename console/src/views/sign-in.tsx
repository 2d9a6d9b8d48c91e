// Sign in with the admin token: checked by one management API call before it is kept (in this
// tab's sessionStorage); a refused token says so and is not kept.

import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api, ApiError, NETWORK } from '../api';
import { useI18n } from '../i18n';
import { session } from '../session';

export function SignIn({ onSignedIn, expired, lang }: { onSignedIn: () => void; expired: boolean; lang: ComponentChildren }) {
  const { t } = useI18n();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>(expired ? t('signIn.expired') : undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const value = token.trim();
    if (!value) {
      setError(t('signIn.empty'));
      return;
    }
    setBusy(true);
    try {
      await api('GET', '/overview?minutes=1', undefined, value);
      session.signIn(value);
      onSignedIn();
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('signIn.wrong') : err instanceof ApiError && err.code === NETWORK ? t('error.network') : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in" id="main">
      <div class="sign-in-lang">{lang}</div>
      <h1>{t('signIn.title')}</h1>
      <p class="muted">{t('signIn.where')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div class={`field${error ? ' invalid' : ''}`}>
          <label for="token">{t('signIn.token')}</label>
          {/* No name and autocomplete off: the token lives in this tab's session, not a password manager. */}
          <input id="token" type="password" autoComplete="off" value={token}
            aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'token-error' : undefined}
            onInput={(e) => setToken(e.currentTarget.value)} autoFocus />
          {error ? <small class="field-error" id="token-error" role="alert">{error}</small> : null}
        </div>
        <button type="submit" class="primary" disabled={busy}>{t('signIn.submit')}</button>
      </form>
    </main>
  );
}
