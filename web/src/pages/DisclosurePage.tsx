// Step 2: requests your agency made or must decide; the owner officer's decision; released core data.
import { useState, type FormEvent } from 'react';
import { mayDo, mayOpen } from '../access.ts';
import { api, call } from '../api/client.ts';
import type { CoreDataAnswer, Disclosure } from '../api/types.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Link } from '../components/Link.tsx';
import { useAction, useLoad } from '../hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session.tsx';

export function DisclosurePage() {
  const { t, time } = useI18n();
  const { agency, me } = useSession();
  const list = useLoad(() => call(api.GET('/v1/disclosures')).then((r) => r.disclosures), []);
  const mayDecide = mayDo(me.roles, 'disclosure.decide');
  const mayVerify = mayOpen(me.roles, '/verification');
  return (
    <>
      <h1>{t('nav.disclosure')}</h1>
      <p className="muted">{t('workflow.disclosure')}</p>
      {list.error && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {list.data && list.data.length === 0 && <p>{t('disclosure.none')}</p>}
      {list.data?.map((d) => {
        const ours = d.ownerAgencyId === agency.id;
        const standing = !ours ? t('disclosure.ours') : d.state !== 'pending' ? t('disclosure.decidedTag') : mayDecide ? t('disclosure.toDecide') : t('disclosure.awaiting');
        return (
          <section key={d.id} className="panel" aria-label={`${t('review.case')} ${d.caseRef}`} data-testid="disclosure">
            <h2>
              {t('review.case')} {d.caseRef} · <span className="tag" data-testid="disclosure-state">{t(`state.${d.state}`)}</span> · {standing}
            </h2>
            <dl>
              <dt>{t('disclosure.requester')}</dt>
              <dd>{d.requesterAgencyName}</dd>
              {!ours && (
                <>
                  <dt>{t('disclosure.owner')}</dt>
                  <dd>{d.ownerAgencyName}</dd>
                </>
              )}
              <dt>{t('search.purpose')}</dt>
              <dd>{d.purpose}</dd>
              <dt>{t('disclosure.justification')}</dt>
              <dd>{d.justification}</dd>
              <dt>{t('disclosure.score')}</dt>
              <dd data-testid="disclosure-score">
                {d.score.toFixed(3)} · FMR {d.fmrAtScore.toExponential(1)} · {d.aboveThreshold ? t('disclosure.aboveThreshold') : t('disclosure.belowThreshold')}
              </dd>
              <dt>{t('disclosure.findings')}</dt>
              <dd>
                <ul className="plain" data-testid="disclosure-findings">
                  {d.findings.map((f) => (
                    <li key={f.createdAt}>
                      <strong>{t(`review.${f.decision}`)}</strong>
                      {f.tieBreak ? ` (${t('review.tieBreakShort')})` : ''}
                      {f.belowThresholdAcknowledged ? ` (${t('review.belowAcknowledged')})` : ''} — {f.note}
                    </li>
                  ))}
                </ul>
              </dd>
              <dt>{t('galleries.created')}</dt>
              <dd>{time(d.createdAt)}</dd>
              {d.decidedAt && (
                <>
                  <dt>{t('disclosure.decided')}</dt>
                  <dd>
                    {time(d.decidedAt)} — {d.decisionNote}
                  </dd>
                </>
              )}
            </dl>
            {d.state === 'pending' && ours && mayDecide && <Decide disclosure={d} onDone={list.reload} />}
            {d.state === 'approved' && d.requesterAgencyId === agency.id && mayDo(me.roles, 'disclosure.read-core-data') && (
              <>
                <CoreData disclosure={d} />
                {mayVerify && (
                  <p>
                    <Link href={`/verification?disclosure=${encodeURIComponent(d.id)}&case=${encodeURIComponent(d.caseRef)}`}>{t('disclosure.verify')}</Link>
                  </p>
                )}
              </>
            )}
          </section>
        );
      })}
    </>
  );
}

function Decide({ disclosure, onDone }: { disclosure: Disclosure; onDone(): void }) {
  const { t } = useI18n();
  const action = useAction();
  const [note, setNote] = useState('');
  const decide = async (approve: boolean) => {
    const r = await action.run(() => call(api.POST('/v1/disclosures/{id}/decision', { params: { path: { id: disclosure.id } }, body: { approve, note } })));
    if (r) onDone();
  };
  return (
    <form onSubmit={(e: FormEvent) => e.preventDefault()}>
      <label htmlFor={`dn-${disclosure.id}`}>{t('disclosure.note')}</label>
      <textarea id={`dn-${disclosure.id}`} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      <div className="row">
        <button type="button" disabled={action.busy || note.trim() === ''} onClick={() => void decide(true)}>
          {t('disclosure.approve')}
        </button>
        <button type="button" className="danger" disabled={action.busy || note.trim() === ''} onClick={() => void decide(false)}>
          {t('disclosure.deny')}
        </button>
      </div>
      {action.error && <ErrorMessage error={action.error} />}
    </form>
  );
}

function CoreData({ disclosure }: { disclosure: Disclosure }) {
  const { t } = useI18n();
  const action = useAction();
  const [data, setData] = useState<CoreDataAnswer>();
  const load = async () => {
    const r = await action.run(() => call(api.GET('/v1/disclosures/{id}/core-data', { params: { path: { id: disclosure.id }, query: { caseRef: disclosure.caseRef } } })));
    if (r) setData(r);
  };
  if (!data)
    return (
      <>
        <button type="button" disabled={action.busy} onClick={() => void load()}>
          {t('disclosure.showCoreData')}
        </button>
        {action.error && <ErrorMessage error={action.error} />}
      </>
    );
  return (
    <div className="secret" data-testid="core-data">
      <p>
        <strong>{t('disclosure.subject')}:</strong> {data.subjectRef}
      </p>
      <dl>
        {Object.entries(data.coreData).map(([k, v]) => (
          <FragmentRow key={k} k={k} v={String(v)} />
        ))}
      </dl>
      <p className="notice">{t('disclosure.noOnward')}</p>
      <p className="muted">{t('search.logged', { index: data.logIndex })}</p>
    </div>
  );
}

function FragmentRow({ k, v }: { k: string; v: string }) {
  return (
    <>
      <dt>{k}</dt>
      <dd>{v}</dd>
    </>
  );
}
