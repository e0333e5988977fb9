// Batch enrollment into a face gallery: one request per file, so progress and results show per file.
import { useState, type FormEvent } from 'react';
import { api, asForm, call } from '../api/client.ts';
import { toApiError } from '../api/errors.ts';
import type { EnrollResult } from '../api/types.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { FileDrop } from '../components/FileDrop.tsx';
import { ExchangeRecordFields } from '../components/ExchangeRecordFields.tsx';
import { useLoad } from '../hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session.tsx';

const stem = (name: string) => name.replace(/\.[^.]+$/, '');

export function EnrollmentPage() {
  const { t } = useI18n();
  const session = useSession();
  const galleries = useLoad(() => call(api.GET('/v1/galleries')).then((r) => r.galleries.filter((g) => g.kind === 'face')), []);
  const [galleryId, setGalleryId] = useState('');
  const [source, setSource] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [done, setDone] = useState(0);
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<EnrollResult[]>([]);
  const gallery = galleryId || galleries.data?.[0]?.id || '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setDone(0);
    setResults([]);
    for (const file of files) {
      let r: EnrollResult;
      try {
        const answer = await call(api.POST('/v1/galleries/{id}/enrollments', { params: { path: { id: gallery } }, ...asForm({ source, subjectRef: stem(file.name) }, [['image', file]]) }));
        r = answer.results[0] ?? { file: file.name, ok: false, subjectRef: stem(file.name), reason: 'no result' };
      } catch (err) {
        const e2 = toApiError(err);
        if (e2.endsSession) return session.end(e2);
        r = { file: file.name, ok: false, subjectRef: stem(file.name), code: e2.code, reason: e2.message };
      }
      setResults((rs) => [...rs, r]);
      setDone((d) => d + 1);
    }
    setBusy(false);
  };

  return (
    <>
      <h1>{t('nav.enrollment')}</h1>
      <p className="muted">{t('workflow.enrollment')}</p>
      {galleries.error && <ErrorMessage error={galleries.error} onRetry={galleries.reload} />}
      <form className="panel grid-form" onSubmit={submit}>
        <label htmlFor="e-gallery">{t('enroll.gallery')}</label>
        <select id="e-gallery" required value={gallery} onChange={(e) => setGalleryId(e.target.value)}>
          {(galleries.data ?? []).map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
        <label htmlFor="e-source">{t('enroll.source')}</label>
        <input id="e-source" required value={source} onChange={(e) => setSource(e.target.value)} />
        <span className="label-like">{t('enroll.files')}</span>
        <FileDrop id="e-files" label={t('enroll.pick')} hint={t('enroll.hint')} multiple accept="image/*" onFiles={setFiles} />
        <span />
        <div>
          <button type="submit" disabled={busy || files.length === 0 || !gallery}>
            {t('enroll.submit', { n: files.length })}
          </button>
        </div>
      </form>
      <ExchangeRecordFields />
      {(busy || results.length > 0) && (
        <section className="panel" aria-labelledby="e-res">
          <h2 id="e-res">{t('enroll.results')}</h2>
          <progress max={files.length} value={done} aria-label={t('enroll.progress')} /> {done}/{files.length}
          <table data-testid="enroll-results">
            <thead>
              <tr>
                <th>{t('enroll.file')}</th>
                <th>{t('enroll.subject')}</th>
                <th>{t('enroll.outcome')}</th>
                <th>{t('quality.score')}</th>
              </tr>
            </thead>
            <tbody>
              {results.map((r) => (
                <tr key={r.file}>
                  <td>{r.file}</td>
                  <td>{r.subjectRef}</td>
                  <td>{r.ok ? <span className="tag ok">{t('enroll.ok')}</span> : <span className="tag verdict-reject">{[r.code, r.reason && r.reason.toUpperCase() !== r.code?.toUpperCase() ? r.reason : undefined].filter(Boolean).join(': ')}</span>}</td>
                  <td className="num">{r.quality ? `${r.quality.score.toFixed(2)} ${r.quality.verdict}` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
