// 1:N search (step 1): a probe, its purpose, case and authorisation; opaque candidates per gallery.
import { useEffect, useState, type FormEvent } from 'react';
import { api, asForm, call } from '../api/client.ts';
import type { SearchAnswer } from '../api/types.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { FileDrop } from '../components/FileDrop.tsx';
import { Link } from '../components/Link.tsx';
import { QualityReport } from '../components/QualityReport.tsx';
import { useAction, useLoad } from '../hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session.tsx';

export function SearchPage() {
  const { t, time } = useI18n();
  const { me } = useSession();
  const operator = me.roles.includes('operator');
  // Only operators search; for anyone else the picker stays empty rather than showing a refusal.
  const galleries = useLoad(() => (operator ? call(api.GET('/v1/searchable-galleries', {})).then((r) => r.galleries) : Promise.resolve([])), [operator]);
  const action = useAction();
  const [probe, setProbe] = useState<File>();
  const [preview, setPreview] = useState<string>();
  const [purpose, setPurpose] = useState('');
  const [caseRef, setCaseRef] = useState('');
  const [authorisationRef, setAuthorisationRef] = useState('');
  const [mode, setMode] = useState<'identification' | 'investigation'>('identification');
  const [chosen, setChosen] = useState<string[]>([]);
  const [answer, setAnswer] = useState<SearchAnswer>();
  const all = galleries.data ?? [];
  const offered = purpose.trim() ? all.filter((g) => g.purposes.includes(purpose.trim())) : all;
  const purposes = [...new Set(all.flatMap((g) => g.purposes))].sort();

  useEffect(() => {
    setPreview(undefined);
    if (!probe || !probe.type.startsWith('image/')) return;
    const url = URL.createObjectURL(probe);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [probe]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!probe) return;
    setAnswer(undefined);
    const form = asForm({ purpose, caseRef, authorisationRef, mode, galleryIds: chosen.filter((id) => offered.some((g) => g.id === id)).join(',') || undefined }, [['probe', probe]]);
    const r = await action.run(() => call(api.POST('/v1/searches', form)));
    if (r) setAnswer(r);
  };

  return (
    <>
      <h1>{t('nav.search')}</h1>
      <p className="muted">{t('workflow.search')}</p>
      <form className="panel grid-form" onSubmit={submit}>
        <span className="label-like">{t('search.probe')}</span>
        <div className="probe-pick">
          <FileDrop id="s-probe" label={t('search.probeFile')} hint={t('search.probeHint')} accept="image/*" onFiles={(f) => setProbe(f[0])} />
          {preview && <img className="probe-preview" src={preview} alt={t('search.probePreview')} onError={() => setPreview(undefined)} />}
        </div>
        <label htmlFor="s-purpose">{t('search.purpose')}</label>
        <input id="s-purpose" required value={purpose} onChange={(e) => setPurpose(e.target.value)} placeholder="criminal-investigation" list="s-purposes" />
        <datalist id="s-purposes">
          {purposes.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
        <label htmlFor="s-case">{t('search.caseRef')}</label>
        <input id="s-case" required value={caseRef} onChange={(e) => setCaseRef(e.target.value)} />
        <label htmlFor="s-auth">{t('search.authorisationRef')}</label>
        <input id="s-auth" required value={authorisationRef} onChange={(e) => setAuthorisationRef(e.target.value)} />
        <label htmlFor="s-mode">{t('search.mode')}</label>
        <select id="s-mode" value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
          <option value="identification">{t('search.mode.identification')}</option>
          <option value="investigation">{t('search.mode.investigation')}</option>
        </select>
        <span className="label-like">{t('search.galleries')}</span>
        <fieldset>
          <legend className="visually-hidden">{t('search.galleries')}</legend>
          {galleries.error && <ErrorMessage error={galleries.error} />}
          {!operator && <p className="muted">{t('search.operatorsOnly')}</p>}
          {operator && !galleries.loading && !galleries.error && offered.length === 0 && <p className="muted">{t('search.noGalleries')}</p>}
          {offered.map((g) => (
            <label key={g.id} className="check" data-testid="search-gallery">
              <input type="checkbox" checked={chosen.includes(g.id)} onChange={(e) => setChosen(e.target.checked ? [...chosen, g.id] : chosen.filter((x) => x !== g.id))} /> {g.name}{' '}
              <small className="muted">
                {g.own
                  ? t('search.ownGallery', { purposes: g.purposes.join(', '), max: g.maxCandidates })
                  : t('search.sharedGallery', { owner: g.ownerAgencyName, purposes: g.purposes.join(', '), max: g.maxCandidates, until: time(g.validUntil) })}
              </small>
            </label>
          ))}
          <small className="muted">{t('search.galleriesHint')}</small>
        </fieldset>
        <span />
        <div>
          <button type="submit" disabled={action.busy || !probe}>
            {action.busy ? t('search.busy') : t('search.submit')}
          </button>
        </div>
      </form>
      {action.error && <ErrorMessage error={action.error} />}
      {answer && <SearchResult answer={answer} />}
    </>
  );
}

function SearchResult({ answer }: { answer: SearchAnswer }) {
  const { t } = useI18n();
  return (
    <section className="panel" aria-labelledby="s-result" data-testid="search-result">
      <h2 id="s-result">{t('search.result')}</h2>
      <p className="muted">
        {t('search.logged', { index: answer.logIndex })} · {answer.purpose} · {answer.caseRef}
      </p>
      <h3>{t('search.probeQuality')}</h3>
      <QualityReport quality={answer.probeQuality} />
      {answer.galleries.length === 0 && <p>{t('search.noGalleries')}</p>}
      {answer.skipped.length > 0 && (
        <div className="notice" data-testid="search-skipped">
          <p>{t('search.skipped')}</p>
          <ul>
            {answer.skipped.map((g) => (
              <li key={g.galleryId}>
                {g.galleryName}:{' '}
                {g.requiredFpir === null
                  ? t('search.skippedUndeclared')
                  : t('search.skippedFpir', { expected: g.expectedFpir.toExponential(1), required: g.requiredFpir.toExponential(1) })}
              </li>
            ))}
          </ul>
        </div>
      )}
      {answer.galleries.map((g) => (
        <div key={g.galleryId}>
          <h3>
            {g.galleryName} <small className="muted">({t('search.threshold')} {g.threshold.toFixed(3)})</small>
          </h3>
          {g.candidates.length === 0 ? (
            <p className="muted">{t('search.noCandidates')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>{t('search.rank')}</th>
                  <th>{t('search.score')}</th>
                  <th>FMR</th>
                  <th>{t('search.aboveThreshold')}</th>
                  <th>{t('search.hit')}</th>
                </tr>
              </thead>
              <tbody>
                {g.candidates.map((c) => (
                  <tr key={c.hitId}>
                    <td className="num">{c.rank}</td>
                    <td className="num">{c.score.toFixed(3)}</td>
                    <td className="num">{c.fmrAtScore.toExponential(1)}</td>
                    <td>{c.aboveThreshold ? t('common.yes') : t('common.no')}</td>
                    <td>
                      <Link href={`/review?hit=${encodeURIComponent(c.hitId)}`}>{t('search.review')}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ))}
    </section>
  );
}
