// Circulated notices about unknown persons: issue one from an upload or a triage finding, approve
// or withdraw your agency's notices and read each recipient's answer, and answer the notices your
// agency received (accept for your galleries, or decline with a reason). Standing-search hits are
// reviewed on the review page like any potential hit.
import { useState, type FormEvent } from 'react';
import { api, asForm, call } from '../api/client.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { FileDrop } from '../components/FileDrop.tsx';
import { Link } from '../components/Link.tsx';
import { useAction, useLoad, useMay } from '../hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';

type Issued = { id: string; state: string; purpose: string; caseRef: string; validUntil: string; recipients: { agencyId: string; agencyName: string; state: string; reason: string | null; answer: string | null; references: string[] }[] };
type Received = { id: string; state: string; issuerAgencyName: string; purpose: string; legalBasis: string; caseRef: string; description: string; validUntil: string; myState: string; reason: string | null; hitIds: string[] };

export function NoticesPage() {
  const { t } = useI18n();
  const may = useMay();
  const issued = useLoad(() => call(api.GET('/v1/notices')).then((r) => r.notices as Issued[]), []);
  const inbox = useLoad(() => call(api.GET('/v1/notices/inbox')).then((r) => r.notices as Received[]).catch(() => [] as Received[]), []);
  return (
    <>
      <h1>{t('nav.notices')}</h1>
      <p className="muted">{t('workflow.notices')}</p>
      {may('notice.create') && <Issue onDone={issued.reload} />}
      <section className="panel" aria-labelledby="n-issued">
        <h2 id="n-issued">{t('circulated.issued')}</h2>
        {issued.error && <ErrorMessage error={issued.error} onRetry={issued.reload} />}
        {issued.data && issued.data.length === 0 && <p>{t('circulated.none')}</p>}
        <ul className="cards" data-testid="notices-issued">
          {issued.data?.map((n) => <IssuedItem key={n.id} n={n} onChange={issued.reload} />)}
        </ul>
      </section>
      <section className="panel" aria-labelledby="n-inbox">
        <h2 id="n-inbox">{t('circulated.inbox')}</h2>
        {inbox.data && inbox.data.length === 0 && <p>{t('circulated.none')}</p>}
        <ul className="cards" data-testid="notices-inbox">
          {inbox.data?.map((n) => <ReceivedItem key={n.id} n={n} onChange={inbox.reload} />)}
        </ul>
      </section>
    </>
  );
}

function Issue({ onDone }: { onDone(): void }) {
  const { t } = useI18n();
  const action = useAction();
  const [file, setFile] = useState<File>();
  const [f, setF] = useState({ purpose: 'criminal-investigation', legalBasis: '', caseRef: '', description: '', recipients: '', validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10), triage: '' });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    const [triageRunId, seq] = f.triage.trim() ? f.triage.trim().split(':') : [undefined, undefined];
    const r = await action.run(() => call(api.POST('/v1/notices', asForm({
      purpose: f.purpose, legalBasis: f.legalBasis, caseRef: f.caseRef, description: f.description, recipients: f.recipients, validUntil: `${f.validUntil}T00:00:00.000Z`,
      source: triageRunId ? 'triage' : 'upload', triageRunId, seq,
    }, [['probe', file]]))));
    if (r) onDone();
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby="n-issue">
      <h2 id="n-issue">{t('circulated.issue')}</h2>
      <FileDrop id="n-probe" label={t('circulated.image')} hint={file?.name ?? t('circulated.imageHint')} accept="image/*" onFiles={(fs) => setFile(fs[0])} />
      <label>{t('circulated.purpose')} <input value={f.purpose} onChange={set('purpose')} /></label>
      <label>{t('circulated.legalBasis')} <input name="legalBasis" value={f.legalBasis} onChange={set('legalBasis')} /></label>
      <label>{t('circulated.caseRef')} <input name="caseRef" value={f.caseRef} onChange={set('caseRef')} /></label>
      <label>{t('circulated.description')} <textarea name="description" value={f.description} onChange={set('description')} /></label>
      <label>{t('circulated.recipients')} <input name="recipients" value={f.recipients} onChange={set('recipients')} placeholder="all" /></label>
      <label>{t('circulated.validUntil')} <input type="date" value={f.validUntil} onChange={set('validUntil')} /></label>
      <label>{t('circulated.triage')} <input value={f.triage} onChange={set('triage')} placeholder="run-id:seq" /></label>
      {action.error && <ErrorMessage error={action.error} />}
      <button type="submit" disabled={action.busy || !file}>{t('circulated.draft')}</button>
    </form>
  );
}

function IssuedItem({ n, onChange }: { n: Issued; onChange(): void }) {
  const { t, time } = useI18n();
  const may = useMay();
  const action = useAction();
  const act = async (what: 'approve' | 'withdraw') => {
    const path = what === 'approve' ? '/v1/notices/{id}/approve' : '/v1/notices/{id}/withdraw';
    if (await action.run(() => call(api.POST(path, { params: { path: { id: n.id } } })))) onChange();
  };
  return (
    <li className="panel" data-state={n.state}>
      <h3>{n.caseRef} <span className="tag">{n.state}</span></h3>
      <p>{n.purpose} · {t('circulated.validUntil')} {time(n.validUntil)}</p>
      <ul>
        {n.recipients.map((r) => (
          <li key={r.agencyId}>{r.agencyName}: {r.answer ?? r.state}{r.reason ? ` (${r.reason})` : ''}{r.references.length > 0 ? ` · ${t('circulated.references')} ${r.references.join(', ')}` : ''}</li>
        ))}
      </ul>
      {action.error && <ErrorMessage error={action.error} />}
      <div className="row">
        {n.state === 'draft' && may('notice.approve') && <button type="button" className="small" onClick={() => void act('approve')}>{t('circulated.approve')}</button>}
        {(n.state === 'draft' || n.state === 'circulated') && may('notice.withdraw') && <button type="button" className="small secondary" onClick={() => void act('withdraw')}>{t('circulated.withdraw')}</button>}
      </div>
    </li>
  );
}

function ReceivedItem({ n, onChange }: { n: Received; onChange(): void }) {
  const { t, time } = useI18n();
  const may = useMay();
  const action = useAction();
  const galleries = useLoad(() => call(api.GET('/v1/galleries')).then((r) => r.galleries.filter((g) => g.kind === 'face' && g.purposes.includes(n.purpose))), [n.purpose]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const open = n.myState === 'received' && n.state === 'circulated' && may('notice.answer');
  const accept = async () => {
    if (await action.run(() => call(api.POST('/v1/notices/{id}/accept', { params: { path: { id: n.id } }, body: { galleryIds: chosen } })))) onChange();
  };
  const decline = async () => {
    if (await action.run(() => call(api.POST('/v1/notices/{id}/decline', { params: { path: { id: n.id } }, body: { reason } })))) onChange();
  };
  return (
    <li className="panel" data-state={n.myState}>
      <h3>{n.issuerAgencyName}: {n.caseRef} <span className="tag">{n.myState}</span></h3>
      <p>{n.description}</p>
      <p className="muted">{n.purpose} · {n.legalBasis} · {t('circulated.validUntil')} {time(n.validUntil)}</p>
      {n.hitIds.length > 0 && <p>{t('circulated.standingHits', { n: n.hitIds.length })} <Link href="/review">{t('nav.review')}</Link></p>}
      {n.reason && <p>{n.reason}</p>}
      {action.error && <ErrorMessage error={action.error} />}
      {open && (
        <div>
          {galleries.data?.map((g) => (
            <label key={g.id} className="check">
              <input type="checkbox" checked={chosen.includes(g.id)} onChange={(e) => setChosen(e.target.checked ? [...chosen, g.id] : chosen.filter((x) => x !== g.id))} /> {g.name}
            </label>
          ))}
          <div className="row">
            <button type="button" className="small" disabled={chosen.length === 0 || action.busy} onClick={() => void accept()}>{t('circulated.accept')}</button>
            <input aria-label={t('circulated.reason')} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('circulated.reason')} />
            <button type="button" className="small secondary" disabled={!reason.trim() || action.busy} onClick={() => void decline()}>{t('circulated.decline')}</button>
          </div>
        </div>
      )}
    </li>
  );
}
