// Seized-media triage: upload files or zip archives for a case; the report says per file whether it
// is known (with category), a near-duplicate of known material, or new, with clusters and errors.
import { useState, type FormEvent } from 'react';
import { api, asForm, call } from '../api/client.ts';
import { toApiError, type ApiError } from '../api/errors.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { FileDrop } from '../components/FileDrop.tsx';
import { useLoad } from '../hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { useSession } from '../session.tsx';

type Report = Awaited<ReturnType<typeof runTriage>>;

function runTriage(caseRef: string, galleryId: string, faceModelId: string, files: File[]) {
  return call(api.POST('/v1/triage', asForm({ caseRef, galleryId: galleryId || undefined, faceModelId: faceModelId || undefined }, files.map((f) => ['file', f] as [string, File]))));
}

export function TriagePage() {
  const { t } = useI18n();
  const session = useSession();
  const galleries = useLoad(() => call(api.GET('/v1/galleries')).then((r) => r.galleries.filter((g) => g.kind === 'media')), []);
  const [caseRef, setCaseRef] = useState('');
  const [galleryId, setGalleryId] = useState('');
  // Faces are looked for only when asked: it runs the face pipeline on every photo and sampled frame.
  const models = useLoad(() => call(api.GET('/v1/models')).then((r) => r.models.map((m) => m.id)), []);
  const [faces, setFaces] = useState(false);
  const [modelChoice, setModel] = useState('');
  const faceModelId = faces ? modelChoice || models.data?.[0] || '' : '';
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [report, setReport] = useState<Report | undefined>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setReport(await runTriage(caseRef, galleryId, faceModelId, files));
    } catch (err) {
      const e2 = toApiError(err);
      if (e2.endsSession) return session.end(e2);
      setError(e2);
    } finally {
      setBusy(false);
    }
  };
  // A file an objection reaches is counted and shown as an objection catch, whatever its verdict.
  const count = (v: string) => report?.results.filter((r) => !r.objection && r.verdict === v).length ?? 0;
  const caught = report?.results.filter((r) => r.objection).length ?? 0;
  const withFaces = report?.results.some((r) => r.faces !== undefined) ?? false;

  return (
    <>
      <h1>{t('nav.triage')}</h1>
      <p className="muted">{t('workflow.triage')}</p>
      {galleries.error && <ErrorMessage error={galleries.error} onRetry={galleries.reload} />}
      <form className="panel grid-form" onSubmit={submit}>
        <label htmlFor="t-case">{t('triage.case')}</label>
        <input id="t-case" required value={caseRef} onChange={(e) => setCaseRef(e.target.value)} />
        <label htmlFor="t-gallery">{t('triage.gallery')}</label>
        <select id="t-gallery" value={galleryId} onChange={(e) => setGalleryId(e.target.value)}>
          <option value="">{t('triage.none')}</option>
          {(galleries.data ?? []).map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
        <label htmlFor="t-faces">{t('triage.faces')}</label>
        <div>
          <label className="check">
            <input id="t-faces" type="checkbox" checked={faces} disabled={!models.data?.length} onChange={(e) => setFaces(e.target.checked)} /> {t('triage.facesHint')}
          </label>
          {faces && (models.data?.length ?? 0) > 1 && (
            <select aria-label={t('galleries.model')} value={faceModelId} onChange={(e) => setModel(e.target.value)}>
              {models.data!.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          )}
        </div>
        <span className="label-like">{t('triage.files')}</span>
        <FileDrop id="t-files" label={t('triage.pick')} hint={t('triage.hint')} multiple onFiles={setFiles} />
        <span />
        <div>
          <button type="submit" disabled={busy || files.length === 0 || !caseRef.trim()}>
            {t('triage.submit', { n: files.length })}
          </button>
        </div>
      </form>
      {error && <ErrorMessage error={error} />}
      {report && (
        <section className="panel" aria-labelledby="t-report">
          <h2 id="t-report">{t('triage.report')}</h2>
          <p data-testid="triage-summary">
            {t('triage.summary', { known: count('known'), near: count('near-duplicate'), fresh: count('new'), errors: count('error') })}
            {caught > 0 && ` · ${t('triage.objections', { n: caught })}`}
          </p>
          <div className="scroll-x">
          <table data-testid="triage-results">
            <thead>
              <tr>
                <th>{t('enroll.file')}</th>
                <th>{t('triage.verdict')}</th>
                <th>{t('triage.objection')}</th>
                {withFaces && <th>{t('triage.faceCount')}</th>}
                <th>{t('triage.categories')}</th>
                <th>{t('triage.matches')}</th>
                <th>{t('triage.cluster')}</th>
              </tr>
            </thead>
            <tbody>
              {report.results.map((r) => (
                <tr key={r.seq}>
                  <td>{r.file}</td>
                  <td>
                    {r.objection ? (
                      <span className="tag warn">{t('triage.objectionTag')}</span>
                    ) : (
                      <span className={`tag ${r.verdict === 'error' ? 'verdict-reject' : r.verdict === 'new' ? '' : 'ok'}`}>{t(`triage.${r.verdict}` as MessageKey)}</span>
                    )}
                    {r.error && ` ${r.error.code}`}
                  </td>
                  <td data-testid="triage-objection">
                    {r.objection ? (
                      <span title={r.objection.objectionId}>
                        {r.objection.reference ?? r.objection.objectionId.slice(0, 8)} · {t(`triage.stage.${r.objection.stage}`)}
                      </span>
                    ) : (
                      '—'
                    )}
                  </td>
                  {withFaces && <td className="num">{r.faces?.length ?? '—'}</td>}
                  <td>{r.categories.join(', ')}</td>
                  <td>
                    {r.matches
                      .slice(0, 3)
                      .map((m) => [m.source, m.signal, m.hashSetName ?? m.file, m.distance !== undefined ? `d=${m.distance}` : undefined, m.variant, m.offsetSeconds !== undefined ? t('triage.audioAt', { offset: m.offsetSeconds.toFixed(1), ber: (m.ber ?? 0).toFixed(3) }) : undefined].filter(Boolean).join(' '))
                      .join('; ')}
                  </td>
                  <td className="num">{r.cluster ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </section>
      )}
    </>
  );
}
