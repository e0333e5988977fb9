// The subjects of your galleries (references only), the provenance of their samples, their
// retention state, erasure with a confirmation, and the retention run for admins.
import { Fragment, useEffect, useRef, useState } from 'react';
import { mayDo, mayOpen } from '../access.ts';
import { api, call } from '../api/client.ts';
import type { Erasure, Gallery, Subject } from '../api/types.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Link } from '../components/Link.tsx';
import { SampleProvenance } from '../components/SampleProvenance.tsx';
import { useAction, useLoad } from '../hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session.tsx';

const PAGE = 25;
const DAY = 86_400_000;

/** When a subject's retention period ends, from its enrollment and the gallery's retention. */
export function retentionEnd(subject: Pick<Subject, 'createdAt'>, gallery: Pick<Gallery, 'retentionDays'>): Date {
  return new Date(new Date(subject.createdAt).getTime() + gallery.retentionDays * DAY);
}

export function SubjectsPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const galleries = useLoad(() => call(api.GET('/v1/galleries')).then((r) => r.galleries.filter((g) => g.kind === 'face')), []);
  const [galleryId, setGalleryId] = useState('');
  const [offset, setOffset] = useState(0);
  const [includeErased, setIncludeErased] = useState(false);
  const gallery = galleries.data?.find((g) => g.id === galleryId) ?? galleries.data?.[0];
  const subjects = useLoad(
    () => (gallery ? call(api.GET('/v1/galleries/{id}/subjects', { params: { path: { id: gallery.id }, query: { limit: PAGE + 1, offset, includeErased: includeErased ? 'true' : 'false' } } })).then((r) => r.subjects) : Promise.resolve([] as Subject[])),
    [gallery?.id, offset, includeErased],
  );
  const [erasing, setErasing] = useState<Subject>();
  const [erased, setErased] = useState<string>();
  const [open, setOpen] = useState<string>();
  const now = Date.now();

  return (
    <>
      <h1>{t('nav.subjects')}</h1>
      <p className="muted">{t('workflow.subjects')}</p>
      {galleries.error && <ErrorMessage error={galleries.error} onRetry={galleries.reload} />}
      {galleries.data && galleries.data.length === 0 && <p>{t('subjects.noGalleries')}</p>}
      {gallery && (
        <section className="panel" aria-labelledby="sub-list">
          <h2 id="sub-list">{t('subjects.heading', { name: gallery.name })}</h2>
          <div className="row">
            <label htmlFor="sub-gallery">{t('subjects.gallery')}</label>
            <select id="sub-gallery" value={gallery.id} onChange={(e) => { setGalleryId(e.target.value); setOffset(0); }}>
              {galleries.data!.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
            </select>
            <label className="check">
              <input type="checkbox" checked={includeErased} onChange={(e) => { setIncludeErased(e.target.checked); setOffset(0); }} /> {t('subjects.includeErased')}
            </label>
          </div>
          <p className="muted">{t('subjects.retention', { days: gallery.retentionDays })}</p>
          {erased && <p className="success" role="status">{erased}</p>}
          {subjects.error && <ErrorMessage error={subjects.error} onRetry={subjects.reload} />}
          {subjects.data && subjects.data.length === 0 && <p>{t('subjects.none')}</p>}
          {subjects.data && subjects.data.length > 0 && (
            <div className="scroll-x">
              <table data-testid="subjects">
                <thead>
                  <tr>
                    <th>{t('subjects.ref')}</th>
                    <th>{t('subjects.enrolled')}</th>
                    <th>{t('subjects.retainUntil')}</th>
                    <th>{t('subjects.state')}</th>
                    <th>{t('subjects.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {subjects.data.slice(0, PAGE).map((s) => {
                    const end = retentionEnd(s, gallery);
                    return (
                      <Fragment key={s.id}>
                      <tr>
                        <td>
                          {s.ref} <small className="muted"><code>{s.id}</code></small>
                        </td>
                        <td>{new Date(s.createdAt).toLocaleDateString()}</td>
                        <td>{end.toLocaleDateString()}</td>
                        <td>
                          {s.erasedAt ? (
                            <span className="tag">{t('subjects.erased', { reason: s.erasureReason ?? '' })}</span>
                          ) : end.getTime() <= now ? (
                            <span className="tag warn">{t('subjects.due')}</span>
                          ) : (
                            <span className="tag ok">{t('subjects.kept', { days: Math.ceil((end.getTime() - now) / DAY) })}</span>
                          )}
                        </td>
                        <td>
                          {!s.erasedAt && (
                            <div className="row">
                              <button type="button" className="secondary small" aria-expanded={open === s.id} aria-label={t('provenance.showLabel', { ref: s.ref })} onClick={() => setOpen(open === s.id ? undefined : s.id)}>
                                {t('provenance.show')}
                              </button>
                              {mayOpen(me.roles, '/verification') && <Link href={`/verification?subject=${encodeURIComponent(s.id)}`}>{t('subjects.verify')}</Link>}
                              <button type="button" className="small danger" aria-label={t('subjects.eraseLabel', { ref: s.ref })} onClick={() => setErasing(s)}>
                                {t('subjects.erase')}
                              </button>
                            </div>
                          )}
                        </td>
                      </tr>
                      {open === s.id && !s.erasedAt && (
                        <tr className="expanded">
                          <td colSpan={5}>
                            <SampleProvenance subjectId={s.id} />
                          </td>
                        </tr>
                      )}
                      </Fragment>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <div className="row">
            <button type="button" className="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              {t('common.previous')}
            </button>
            <button type="button" className="secondary" disabled={(subjects.data?.length ?? 0) <= PAGE} onClick={() => setOffset(offset + PAGE)}>
              {t('common.next')}
            </button>
          </div>
        </section>
      )}
      {erasing && (
        <EraseDialog
          subject={erasing}
          onClose={(done) => {
            setErasing(undefined);
            if (done) {
              setErased(t('subjects.erasedNow', { ref: erasing.ref, samples: done.samplesRemoved, index: done.logIndex }));
              subjects.reload();
            }
          }}
        />
      )}
      {mayDo(me.roles, 'retention.run') && <RetentionRun onDone={subjects.reload} />}
    </>
  );
}

function EraseDialog({ subject, onClose }: { subject: Subject; onClose(done?: Erasure): void }) {
  const { t } = useI18n();
  const action = useAction();
  const [reason, setReason] = useState('');
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  const erase = async () => {
    const r = await action.run(() => call(api.DELETE('/v1/subjects/{id}', { params: { path: { id: subject.id } }, body: { reason } })));
    if (r) onClose(r);
  };
  return (
    <dialog ref={ref} className="panel" aria-labelledby="erase-title" onCancel={() => onClose()}>
      <h2 id="erase-title">{t('subjects.confirmTitle', { ref: subject.ref })}</h2>
      <p className="notice">{t('subjects.confirmText')}</p>
      <label htmlFor="erase-reason">{t('subjects.reason')}</label>
      <input id="erase-reason" required value={reason} onChange={(e) => setReason(e.target.value)} />
      {action.error && <ErrorMessage error={action.error} />}
      <div className="row">
        <button type="button" className="danger" disabled={action.busy || reason.trim() === ''} onClick={() => void erase()}>
          {t('subjects.confirmErase')}
        </button>
        <button type="button" className="secondary" onClick={() => onClose()}>
          {t('common.cancel')}
        </button>
      </div>
    </dialog>
  );
}

function RetentionRun({ onDone }: { onDone(): void }) {
  const { t } = useI18n();
  const action = useAction();
  const [result, setResult] = useState<number>();
  const run = async () => {
    const r = await action.run(() => call(api.POST('/v1/retention/run')));
    if (r) {
      setResult(r.erased.length);
      onDone();
    }
  };
  return (
    <section className="panel" aria-labelledby="ret-run">
      <h2 id="ret-run">{t('subjects.retentionRun')}</h2>
      <p className="muted">{t('subjects.retentionRunHint')}</p>
      <button type="button" className="secondary" disabled={action.busy} onClick={() => void run()}>
        {t('subjects.retentionRunButton')}
      </button>
      {result !== undefined && <p role="status">{t('subjects.retentionDone', { n: result })}</p>}
      {action.error && <ErrorMessage error={action.error} />}
    </section>
  );
}
