// Moves a face gallery onto another calibrated model (admins): starts the re-embedding job and
// shows its progress until it has switched or failed; searches use the old model until then.
import { useEffect, useState } from 'react';
import { api, call } from '../api/client.ts';
import type { Gallery } from '../api/types.ts';
import { useAction, useLoad } from '../hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';

type Job = { state: 'running' | 'switched' | 'failed'; done: number; total: number; modelId: string; failed: { sampleId: string; code: string }[] };

export function GalleryReembed({ gallery, onSwitched }: { gallery: Gallery; onSwitched(): void }) {
  const { t } = useI18n();
  const action = useAction();
  const models = useLoad(() => call(api.GET('/v1/models')).then((r) => r.models.filter((m) => m.id !== gallery.modelId && m.calibration !== null)), [gallery.modelId]);
  const [choice, setChoice] = useState('');
  const [job, setJob] = useState<Job>();
  const target = choice || models.data?.[0]?.id || '';

  useEffect(() => {
    let live = true;
    void call(api.GET('/v1/galleries/{id}/reembed', { params: { path: { id: gallery.id } } })).then((j) => live && j.state === 'running' && setJob(j), () => undefined);
    return () => { live = false; };
  }, [gallery.id]);

  useEffect(() => {
    if (job?.state !== 'running') return;
    const timer = setTimeout(async () => {
      const next = await action.run(() => call(api.GET('/v1/galleries/{id}/reembed', { params: { path: { id: gallery.id } } })));
      if (next) setJob(next);
      if (next?.state === 'switched') onSwitched();
    }, 1000);
    return () => clearTimeout(timer);
  }, [job, gallery.id, action, onSwitched]);

  const start = async () => {
    const j = await action.run(() => call(api.POST('/v1/galleries/{id}/reembed', { params: { path: { id: gallery.id } }, body: { modelId: target } })));
    if (j) setJob(j);
  };

  return (
    <section className="reembed" data-testid="reembed">
      <h3>{t('reembed.heading')}</h3>
      <p className="muted">{t('reembed.intro')}</p>
      {models.data && models.data.length === 0 && <p className="muted">{t('reembed.noModel')}</p>}
      {models.data && models.data.length > 0 && job?.state !== 'running' && (
        <p>
          <label>
            {t('reembed.model')}{' '}
            <select value={target} onChange={(e) => setChoice(e.target.value)}>
              {models.data.map((m) => <option key={m.id} value={m.id}>{m.alias} ({m.id})</option>)}
            </select>
          </label>{' '}
          <button type="button" className="small" disabled={action.busy || !target} onClick={() => void start()}>{t('reembed.start')}</button>
        </p>
      )}
      {job && (
        <p role="status">
          <progress max={Math.max(job.total, 1)} value={job.done} />{' '}
          {t(`reembed.state.${job.state}`, { done: String(job.done), total: String(job.total), model: job.modelId, failed: String(job.failed.length) })}
        </p>
      )}
      {action.error && <ErrorMessage error={action.error} />}
    </section>
  );
}
