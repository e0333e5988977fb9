// The samples of one subject with their provenance (source, capture date, legal basis), and the
// owner's correction of it; each correction is logged with the names of the changed fields.
import { useState, type FormEvent } from 'react';
import { api, call } from '../api/client.ts';
import type { Sample } from '../api/types.ts';
import { useAction, useLoad } from '../hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';

export function SampleProvenance({ subjectId }: { subjectId: string }) {
  const { t } = useI18n();
  const samples = useLoad(() => call(api.GET('/v1/subjects/{id}/samples', { params: { path: { id: subjectId } } })).then((r) => r.samples), [subjectId]);
  const [editing, setEditing] = useState<string>();
  const [saved, setSaved] = useState<string>();
  if (samples.error) return <ErrorMessage error={samples.error} onRetry={samples.reload} />;
  if (!samples.data) return <p>{t('common.loading')}</p>;
  return (
    <div data-testid="provenance">
      {saved && <p className="success" role="status">{saved}</p>}
      <table>
        <thead>
          <tr>
            <th>{t('provenance.sample')}</th>
            <th>{t('provenance.source')}</th>
            <th>{t('provenance.captureDate')}</th>
            <th>{t('provenance.legalBasis')}</th>
            <th>{t('search.probeQuality')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {samples.data.map((s) =>
            editing === s.id ? (
              <tr key={s.id}>
                <td colSpan={6}>
                  <CorrectProvenance
                    sample={s}
                    onCancel={() => setEditing(undefined)}
                    onSaved={(changed, logIndex) => {
                      setEditing(undefined);
                      setSaved(changed.length === 0 ? t('provenance.unchanged') : t('provenance.saved', { fields: changed.join(', '), index: logIndex ?? '' }));
                      samples.reload();
                    }}
                  />
                </td>
              </tr>
            ) : (
              <tr key={s.id}>
                <td><code>{s.id}</code></td>
                <td>{s.provenance.source}</td>
                <td>{s.provenance.captureDate ?? '—'}</td>
                <td>{s.provenance.legalBasis}</td>
                <td>{s.quality.verdict} ({s.quality.score.toFixed(2)})</td>
                <td>
                  <button type="button" className="secondary small" aria-label={t('provenance.correctLabel', { id: s.id })} onClick={() => setEditing(s.id)}>
                    {t('provenance.correct')}
                  </button>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}

function CorrectProvenance({ sample, onSaved, onCancel }: { sample: Sample; onSaved(changed: string[], logIndex: number | null): void; onCancel(): void }) {
  const { t } = useI18n();
  const action = useAction();
  const [source, setSource] = useState(sample.provenance.source);
  const [captureDate, setCaptureDate] = useState(sample.provenance.captureDate ?? '');
  const [legalBasis, setLegalBasis] = useState(sample.provenance.legalBasis);
  const id = `prov-${sample.id}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = { source, captureDate: captureDate.trim() === '' ? null : captureDate, legalBasis };
    const r = await action.run(() => call(api.PATCH('/v1/samples/{id}/provenance', { params: { path: { id: sample.id } }, body })));
    if (r) onSaved(r.changed, r.logIndex);
  };
  return (
    <form className="grid-form" onSubmit={submit} aria-label={t('provenance.correctLabel', { id: sample.id })}>
      <label htmlFor={`${id}-source`}>{t('provenance.source')}</label>
      <input id={`${id}-source`} required maxLength={300} value={source} onChange={(e) => setSource(e.target.value)} />
      <label htmlFor={`${id}-date`}>{t('provenance.captureDate')}</label>
      <input id={`${id}-date`} maxLength={40} value={captureDate} onChange={(e) => setCaptureDate(e.target.value)} placeholder="2026-01-31" />
      <label htmlFor={`${id}-legal`}>{t('provenance.legalBasis')}</label>
      <input id={`${id}-legal`} required maxLength={500} value={legalBasis} onChange={(e) => setLegalBasis(e.target.value)} />
      <span />
      <div>
        <p className="muted">{t('provenance.logged')}</p>
        <div className="row">
          <button type="submit" disabled={action.busy}>{t('common.save')}</button>
          <button type="button" className="secondary" onClick={onCancel}>{t('common.cancel')}</button>
        </div>
        {action.error && <ErrorMessage error={action.error} />}
      </div>
    </form>
  );
}
