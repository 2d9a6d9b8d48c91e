// The platform's own number lists and limits (docs/policy.md): /v1/lists and /v1/limits, which
// apply to every app; an app's own settings (on its page) override the limits, and its lists add
// to these.

import { useI18n } from '../i18n';
import { Limits, NumberLists } from './app-policy';

export function PlatformView() {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t('platform.title')}</h1>
      <p class="muted">{t('platform.intro')}</p>
      <div class="grid">
        <NumberLists />
        <Limits />
      </div>
    </section>
  );
}
