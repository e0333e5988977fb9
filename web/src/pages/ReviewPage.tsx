// Blind two-person review: the hits of your agency, one hit side by side, a decision with a required
// note. While a hit is pending an examiner sees how many decided and their own decision, never another's.
import { useState, type FormEvent } from 'react';
import { mayDo } from '../access.ts';
import { api, call } from '../api/client.ts';
import type { Hit } from '../api/types.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { HitImages } from '../components/HitImages.tsx';
import { Link } from '../components/Link.tsx';
import { useAction, useLoad } from '../hooks.ts';
import { isMessageKey, useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { navigate, queryParam, usePath } from '../router.ts';
import { useSession } from '../session.tsx';

const states = ['pending', 'confirmed', 'rejected', 'inconclusive'] as const;

export function ReviewPage() {
  const { t, time } = useI18n();
  usePath();
  const hitId = queryParam('hit');
  const [state, setState] = useState<(typeof states)[number] | ''>('pending');
  const hits = useLoad(() => call(api.GET('/v1/hits', { params: { query: state ? { state } : {} } })).then((r) => r.hits), [state]);
  return (
    <>
      <h1>{t('nav.review')}</h1>
      {hitId ? (
        <HitReview id={hitId} onChanged={hits.reload} />
      ) : (
        <>
          <p className="muted">{t('workflow.review')}</p>
          <label className="inline-label">
            {t('review.state')}{' '}
            <select value={state} onChange={(e) => setState(e.target.value as typeof state)}>
              <option value="">{t('review.all')}</option>
              {states.map((s) => (
                <option key={s} value={s}>
                  {t(`state.${s}`)}
                </option>
              ))}
            </select>
          </label>
          {hits.error && <ErrorMessage error={hits.error} onRetry={hits.reload} />}
          {hits.data && hits.data.length === 0 && <p>{t('review.none')}</p>}
          {hits.data && hits.data.length > 0 && (
            <table data-testid="hits">
              <thead>
                <tr>
                  <th>{t('review.case')}</th>
                  <th>{t('search.purpose')}</th>
                  <th>{t('search.score')}</th>
                  <th>FMR</th>
                  <th>{t('review.state')}</th>
                  <th>{t('review.reviews')}</th>
                  <th>{t('galleries.created')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {hits.data.map((h) => (
                  <tr key={h.hitId}>
                    <td>{h.caseRef}</td>
                    <td>{h.purpose}</td>
                    <td className="num">{h.score.toFixed(3)}</td>
                    <td className="num">{h.fmrAtScore.toExponential(1)}</td>
                    <td>{t(`state.${h.state}`)}</td>
                    <td className="num">
                      {h.reviewsIn}/{h.reviewsRequired}
                      {h.awaitingTieBreak ? ` · ${t('review.tieBreakShort')}` : ''}
                    </td>
                    <td>{time(h.createdAt)}</td>
                    <td>
                      <Link href={`/review?hit=${encodeURIComponent(h.hitId)}`}>{t('review.open')}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </>
  );
}

function HitReview({ id, onChanged }: { id: string; onChanged(): void }) {
  const { t, time } = useI18n();
  const { me } = useSession();
  const examiner = mayDo(me.roles, 'hit.review');
  const hit = useLoad(() => call(api.GET('/v1/hits/{id}', { params: { path: { id } } })), [id]);
  if (hit.error) return <ErrorMessage error={hit.error} onRetry={hit.reload} />;
  if (!hit.data) return <p>{t('common.loading')}</p>;
  const h = hit.data;
  const decided = h.reviews.some((r) => r.examinerId === me.id);
  const pending = h.state === 'pending';
  return (
    <section aria-labelledby="hit-h">
      <p>
        <Link href="/review">← {t('review.back')}</Link>
      </p>
      <h2 id="hit-h">
        {t('review.case')} {h.caseRef} · {h.purpose} · <span data-testid="hit-state">{t(`state.${h.state}`)}</span>
      </h2>
      <p className="muted">
        {t('search.score')} {h.score.toFixed(3)} · FMR {h.fmrAtScore.toExponential(1)} · {t('search.rank')} {h.rank} · {t('review.reviews')}{' '}
        <span data-testid="reviews-in">
          {h.reviewsIn}/{h.reviewsRequired}
        </span>
      </p>
      {examiner ? <HitImages hit={h} /> : <p className="muted" data-testid="images-for-examiners">{t('review.imagesForExaminers')}</p>}
      {pending && (
        <p className="muted" data-testid="blind-notice">
          {t('review.blind')}
        </p>
      )}
      {h.reviews.length > 0 && (
        <>
          <h3>{pending ? t('review.yourDecision') : t('review.decisions')}</h3>
          <ul data-testid="decisions">
            {h.reviews.map((r) => (
              <li key={`${r.examinerId}-${r.createdAt}`}>
                {time(r.createdAt)}: <strong>{isMessageKey(`decision.${r.decision}`) ? t(`decision.${r.decision}` as MessageKey) : r.decision}</strong>
                {r.examinerId === me.id ? ` (${t('review.you')})` : ''}
                {r.tieBreak ? ` (${t('review.tieBreakShort')})` : ''}
                {r.belowThresholdAcknowledged ? ` (${t('review.belowAcknowledged')})` : ''} — {r.note}
              </li>
            ))}
          </ul>
        </>
      )}
      {pending && h.awaitingTieBreak && examiner && <p className="notice">{decided ? t('review.waitingThird') : t('review.youBreakTie')}</p>}
      {pending && !decided && examiner && (
        <DecisionForm
          hit={h}
          onDone={() => {
            hit.reload();
            onChanged();
          }}
        />
      )}
      {pending && decided && !h.awaitingTieBreak && <p className="notice">{t('review.waitingSecond')}</p>}
      {h.state === 'confirmed' && <DisclosureRequest hit={h} />}
    </section>
  );
}

function DecisionForm({ hit, onDone }: { hit: Hit; onDone(): void }) {
  const { t } = useI18n();
  const action = useAction();
  const [note, setNote] = useState('');
  const [acknowledged, setAcknowledged] = useState(false);
  const below = !hit.aboveThreshold;
  const decide = async (decision: 'match' | 'no-match' | 'inconclusive') => {
    const body = { decision, note, ...(below && decision === 'match' ? { acknowledgeBelowThreshold: acknowledged } : {}) };
    const r = await action.run(() => call(api.POST('/v1/hits/{id}/reviews', { params: { path: { id: hit.hitId } }, body })));
    if (r) onDone();
  };
  const submit = (e: FormEvent) => e.preventDefault();
  return (
    <form className="panel" onSubmit={submit}>
      {below && (
        <div className="notice" role="note" data-testid="below-threshold">
          <strong>{t('review.belowThreshold')}</strong> {t('review.belowThresholdDetail')}
          <label className="inline-label">
            <input type="checkbox" required checked={acknowledged} onChange={(e) => setAcknowledged(e.target.checked)} /> {t('review.acknowledgeBelow')}
          </label>
        </div>
      )}
      <label htmlFor="r-note">{t('review.note')}</label>
      <textarea id="r-note" required rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
      <div className="row">
        {(['match', 'no-match', 'inconclusive'] as const).map((d) => (
          <button
            key={d}
            type="button"
            className={d === 'no-match' ? 'secondary' : undefined}
            disabled={action.busy || note.trim() === '' || (d === 'match' && below && !acknowledged)}
            onClick={() => void decide(d)}
          >
            {t(`review.${d}`)}
          </button>
        ))}
      </div>
      {action.error && <ErrorMessage error={action.error} />}
    </form>
  );
}

function DisclosureRequest({ hit }: { hit: Hit }) {
  const { t } = useI18n();
  const action = useAction();
  const [justification, setJustification] = useState('');
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await action.run(() => call(api.POST('/v1/hits/{id}/disclosures', { params: { path: { id: hit.hitId } }, body: { justification } })));
    if (r) setDone(true);
  };
  if (done)
    return (
      <p className="success" role="status">
        {t('disclosure.requested')} <a href="/disclosure" onClick={(e) => (e.preventDefault(), navigate('/disclosure'))}>{t('nav.disclosure')}</a>
      </p>
    );
  return (
    <form className="panel" onSubmit={submit}>
      <h3>{t('disclosure.request')}</h3>
      <label htmlFor="d-just">{t('disclosure.justification')}</label>
      <textarea id="d-just" required rows={3} value={justification} onChange={(e) => setJustification(e.target.value)} />
      <button type="submit" disabled={action.busy}>
        {t('disclosure.send')}
      </button>
      {action.error && <ErrorMessage error={action.error} />}
    </form>
  );
}
