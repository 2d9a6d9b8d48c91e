// An app secret as the API shows it: once (create, rotate). Shown with a copy button and a warning
// that it will not be shown again; it is never kept by the console. The box takes focus when it
// appears (a screen reader reads it, the copy button is the next Tab), as it is shown only once.

import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../i18n';

export function SecretOnce({ appKey, secret }: { appKey: string; secret: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const box = useFocusOnShow(secret);
  const copy = async () => {
    await navigator.clipboard.writeText(secret);
    setCopied(true);
  };
  return (
    <div class="note secret" role="status" data-testid="secret-once" tabIndex={-1} ref={box}>
      <p><strong>{t('apps.secretOnce')}</strong></p>
      <dl class="kv">
        <dt>{t('apps.appKey')}</dt><dd><code>{appKey}</code></dd>
        <dt>{t('apps.appSecret')}</dt><dd><code data-testid="secret-value">{secret}</code></dd>
      </dl>
      <button type="button" onClick={() => void copy()}>{copied ? t('apps.copied') : t('apps.copy')}</button>
    </div>
  );
}

/** A signing secret shown once (a subscription's), with its copy button. */
export function SigningSecretOnce({ secret, testId }: { secret: string; testId: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const box = useFocusOnShow(secret);
  return (
    <div class="note secret" role="status" data-testid={testId} tabIndex={-1} ref={box}>
      <p>{t('subs.secretOnce')}</p>
      <p><code data-testid={`${testId}-value`}>{secret}</code></p>
      <button type="button" onClick={() => void navigator.clipboard.writeText(secret).then(() => setCopied(true))}>{copied ? t('apps.copied') : t('subs.copy')}</button>
    </div>
  );
}

/** Focus moves to the box when it appears or shows another secret. */
function useFocusOnShow(secret: string) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), [secret]);
  return box;
}
