// An app's voice files (upload a WAV, approve, reject) and TTS templates (add, approve, reject):
// calls use only approved ones. The API checks each upload's format; its message shows by the field.

import { useState } from 'preact/hooks';
import { api, apiUpload, fieldOf } from '../api';
import { useI18n } from '../i18n';
import { usePoll } from '../poll';
import { Badge, ErrorNote, Field, TableWrap } from '../ui/bits';
import { Player, TemplatePreview, useListening } from '../ui/media-preview';

interface VoiceFile { name: string; review: string; reviewNote?: string; durationMs?: number; format?: string; sizeBytes?: number }
interface Template { id: string; content: string; variables: Array<{ name: string; type: string; maxLength: number }>; review: string }

function ReviewButtons({ path, review, done, label }: { path: string; review: string; done: (e?: Error) => void; label: string }) {
  const { t } = useI18n();
  const act = async (what: 'approve' | 'reject') => {
    try {
      await api('POST', `${path}/${what}`, {});
      done();
    } catch (e) {
      done(e as Error);
    }
  };
  return (
    <>
      {review !== 'approved' ? <button type="button" onClick={() => void act('approve')} aria-label={`${t('media.approve')} ${label}`}>{t('media.approve')}</button> : null}{' '}
      {review !== 'rejected' ? <button type="button" onClick={() => void act('reject')} aria-label={`${t('media.reject')} ${label}`}>{t('media.reject')}</button> : null}
    </>
  );
}

export function VoiceFiles({ appKey }: { appKey: string }) {
  const { t, tv } = useI18n();
  const base = `/apps/${encodeURIComponent(appKey)}/voice-files`;
  const { data, error, reload } = usePoll(() => api<{ voiceFiles: VoiceFile[] }>('GET', base), null, `vf|${appKey}`);
  const [file, setFile] = useState<File | undefined>();
  const [name, setName] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [nameError, setNameError] = useState<string | undefined>();
  const [actionError, setActionError] = useState<Error | undefined>();
  const listening = useListening(base);
  const upload = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    setFieldError(undefined);
    setNameError(undefined);
    if (!file) return setFieldError(t('media.chooseFile'));
    try {
      await apiUpload('PUT', `${base}/${encodeURIComponent(name.trim() || file.name)}`, file, 'audio/wav');
      setFile(undefined);
      setName('');
      form.reset();
      reload();
    } catch (err) {
      // The name is the upload's path: "path parameter name must match …" is about the name field.
      const msg = (err as Error).message;
      if (fieldOf(msg, ['name'])) setNameError(msg);
      else setFieldError(msg);
    }
  };
  return (
    <article class="card">
      <h2>{t('media.voiceFiles')}</h2>
      <ErrorNote error={error ?? actionError ?? listening.error} />
      <form class="inline-form" onSubmit={(ev) => void upload(ev)} noValidate>
        <Field label={t('media.wavFile')} name="vf-file" error={fieldError}>
          <input id="vf-file" type="file" accept=".wav,audio/wav"
            onChange={(ev) => { const f = ev.currentTarget.files?.[0]; setFile(f); if (f) setName(f.name); }} />
        </Field>
        <Field label={t('media.fileName')} name="vf-name" error={nameError}>
          <input id="vf-name" type="text" value={name} onInput={(ev) => setName(ev.currentTarget.value)} />
        </Field>
        <button type="submit" class="primary">{t('media.upload')}</button>
      </form>
      <TableWrap label={t('media.voiceFiles')}>
        <thead><tr><th scope="col">{t('media.fileName')}</th><th scope="col">{t('media.review')}</th><th scope="col">{t('media.length')}</th><th scope="col"><span class="sr-only">{t('endpoints.actions')}</span></th></tr></thead>
        <tbody>{data?.voiceFiles.map((f) => (
          <tr key={f.name} data-testid="voice-file">
            <td class="mono">{f.name}</td>
            <td><Badge value={tv('review', f.review)} kind={f.review === 'approved' ? 'delivered' : f.review === 'rejected' ? 'failed' : 'queued'} /></td>
            <td>{f.durationMs !== undefined ? `${(f.durationMs / 1000).toFixed(1)} s` : '—'}</td>
            <td>
              <button type="button" onClick={() => void listening.listen(f.name)} aria-label={`${t('media.listen')} ${f.name}`}>{t('media.listen')}</button>{' '}
              <ReviewButtons path={`${base}/${encodeURIComponent(f.name)}`} review={f.review} label={f.name} done={(err) => { setActionError(err); reload(); }} />
            </td>
          </tr>
        ))}</tbody>
      </TableWrap>
      <Player playing={listening.playing} />
    </article>
  );
}

export function Templates({ appKey }: { appKey: string }) {
  const { t, tv } = useI18n();
  const base = `/apps/${encodeURIComponent(appKey)}/templates`;
  const { data, error, reload } = usePoll(() => api<{ templates: Template[] }>('GET', base), null, `tpl|${appKey}`);
  const [content, setContent] = useState('');
  const [id, setId] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [actionError, setActionError] = useState<Error | undefined>();
  const [previewing, setPreviewing] = useState<string | undefined>();
  const shown = data?.templates.find((tp) => tp.id === previewing);
  const add = async (e: Event) => {
    e.preventDefault();
    setErrors({});
    try {
      await api('POST', base, { content, ...(id.trim() ? { id: id.trim() } : {}) });
      setContent('');
      setId('');
      reload();
    } catch (err) {
      const msg = (err as Error).message;
      setErrors({ [fieldOf(msg, ['id']) ?? 'content']: msg });
    }
  };
  return (
    <article class="card">
      <h2>{t('media.templates')}</h2>
      <ErrorNote error={error ?? actionError} />
      <form class="inline-form" onSubmit={(ev) => void add(ev)} noValidate>
        <Field label={t('media.content')} name="tpl-content" error={errors.content} hint={t('media.contentHint')}>
          <input id="tpl-content" type="text" value={content} onInput={(ev) => setContent(ev.currentTarget.value)} />
        </Field>
        <Field label={t('media.templateId')} name="tpl-id" error={errors.id}>
          <input id="tpl-id" type="text" value={id} onInput={(ev) => setId(ev.currentTarget.value)} />
        </Field>
        <button type="submit" class="primary">{t('media.addTemplate')}</button>
      </form>
      <TableWrap label={t('media.templates')}>
        <thead><tr><th scope="col">ID</th><th scope="col">{t('media.content')}</th><th scope="col">{t('media.review')}</th><th scope="col"><span class="sr-only">{t('endpoints.actions')}</span></th></tr></thead>
        <tbody>{data?.templates.map((tp) => (
          <tr key={tp.id} data-testid="template">
            <td class="mono">{tp.id}</td>
            <td>{tp.content}</td>
            <td><Badge value={tv('review', tp.review)} kind={tp.review === 'approved' ? 'delivered' : tp.review === 'rejected' ? 'failed' : 'queued'} /></td>
            <td>
              <button type="button" onClick={() => setPreviewing(tp.id)} aria-label={`${t('media.preview')} ${tp.id}`}>{t('media.preview')}</button>{' '}
              <ReviewButtons path={`${base}/${encodeURIComponent(tp.id)}`} review={tp.review} label={tp.id} done={(err) => { setActionError(err); reload(); }} />
            </td>
          </tr>
        ))}</tbody>
      </TableWrap>
      {shown ? <TemplatePreview key={shown.id} base={base} template={shown} onClose={() => setPreviewing(undefined)} /> : null}
    </article>
  );
}
