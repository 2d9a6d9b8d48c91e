// Hearing a voice file and reading a template filled in, before a review. The audio is fetched
// with the token (an <audio src> cannot send it) and played from a blob URL, freed when replaced
// or left; a template's values are checked by the API, whose message shows under the value it names.

import { useEffect, useState } from 'preact/hooks';
import { api, apiFile } from '../api';
import { useI18n } from '../i18n';
import { ErrorNote, Field } from './bits';

export function useListening(base: string) {
  const [playing, setPlaying] = useState<{ name: string; url: string } | undefined>();
  const [error, setError] = useState<Error | undefined>();
  useEffect(() => () => { if (playing) URL.revokeObjectURL(playing.url); }, [playing]);
  const listen = async (name: string) => {
    setError(undefined);
    try {
      const blob = await apiFile(`${base}/${encodeURIComponent(name)}/audio`);
      setPlaying({ name, url: URL.createObjectURL(blob) });
    } catch (e) {
      setError(e as Error);
    }
  };
  return { playing, error, listen };
}

export function Player({ playing }: { playing: { name: string; url: string } | undefined }) {
  const { t } = useI18n();
  if (!playing) return null;
  return (
    <div class="player" data-testid="voice-player">
      <p class="small">{t('media.listening', { name: playing.name })}</p>
      <audio controls autoPlay src={playing.url} aria-label={t('media.listening', { name: playing.name })} />
    </div>
  );
}

interface Template { id: string; content: string; variables: Array<{ name: string; type: string; maxLength: number }> }

export function TemplatePreview({ base, template, onClose }: { base: string; template: Template; onClose: () => void }) {
  const { t } = useI18n();
  const [values, setValues] = useState<string[]>(() => template.variables.map(() => ''));
  const [text, setText] = useState<string | undefined>();
  const [fieldErrors, setFieldErrors] = useState<Record<number, string>>({});
  const [other, setOther] = useState<Error | undefined>();
  const preview = async (e: Event) => {
    e.preventDefault();
    setFieldErrors({});
    setOther(undefined);
    try {
      setText((await api<{ text: string }>('POST', `${base}/${encodeURIComponent(template.id)}/preview`, { params: values })).text);
    } catch (err) {
      setText(undefined);
      const m = /^params\[(\d+)\]: (.*)$/.exec((err as Error).message);
      if (m) setFieldErrors({ [Number(m[1])]: m[2]! });
      else setOther(err as Error);
    }
  };
  return (
    <form class="card preview" onSubmit={(e) => void preview(e)} noValidate data-testid="template-preview" aria-labelledby="tpl-preview-title">
      <h3 id="tpl-preview-title">{t('media.previewOf', { id: template.id })}</h3>
      <p class="muted">{template.content}</p>
      <div class="inline-form">
        {template.variables.map((v, i) => (
          <Field key={`${template.id}-${i}`} label={`${v.name}`} name={`tpl-param-${i}`} error={fieldErrors[i]}>
            <input id={`tpl-param-${i}`} type="text" maxLength={64} value={values[i]}
              onInput={(e) => { const next = [...values]; next[i] = e.currentTarget.value; setValues(next); }} />
          </Field>
        ))}
        <button type="submit" class="primary">{t('media.preview')}</button>
        <button type="button" onClick={onClose}>{t('media.closePreview')}</button>
      </div>
      <ErrorNote error={other} />
      <p class="preview-text" role="status" data-testid="preview-text">{text ?? '\u00a0'}</p>
    </form>
  );
}
