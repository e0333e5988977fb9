// 1:1 verification: one probe against one subject your agency holds, or one revealed to it by an
// approved disclosure; match or no match at the gallery's threshold.
import { useState, type FormEvent } from 'react';
import { api, asForm, call } from '../api/client.ts';
import type { VerifyAnswer } from '../api/types.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { FileDrop } from '../components/FileDrop.tsx';
import { useAction } from '../hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { queryParam } from '../router.ts';

export function VerificationPage() {
  const { t } = useI18n();
  const action = useAction();
  const [probe, setProbe] = useState<File>();
  const [by, setBy] = useState<'subject' | 'disclosure'>(() => (queryParam('disclosure') ? 'disclosure' : 'subject'));
  const [reference, setReference] = useState(() => queryParam('disclosure') ?? queryParam('subject') ?? '');
  const [purpose, setPurpose] = useState('');
  const [caseRef, setCaseRef] = useState(() => queryParam('case') ?? '');
  const [authorisationRef, setAuthorisationRef] = useState('');
  const [answer, setAnswer] = useState<VerifyAnswer>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!probe) return;
    setAnswer(undefined);
    const r = await action.run(() => call(api.POST('/v1/verifications', asForm({ [by === 'subject' ? 'subjectId' : 'disclosureId']: reference.trim(), purpose, caseRef, authorisationRef }, [['probe', probe]]))));
    if (r) setAnswer(r);
  };

  return (
    <>
      <h1>{t('nav.verification')}</h1>
      <p className="muted">{t('workflow.verification')}</p>
      <form className="panel grid-form" onSubmit={submit}>
        <span className="label-like">{t('search.probe')}</span>
        <FileDrop id="v-probe" label={t('search.probeFile')} hint={t('search.probeHint')} accept="image/*" onFiles={(f) => setProbe(f[0])} />
        <label htmlFor="v-by">{t('verify.by')}</label>
        <select id="v-by" value={by} onChange={(e) => setBy(e.target.value as 'subject' | 'disclosure')}>
          <option value="subject">{t('verify.subject')}</option>
          <option value="disclosure">{t('verify.disclosure')}</option>
        </select>
        <label htmlFor="v-subject">{by === 'subject' ? t('verify.subject') : t('verify.disclosure')}</label>
        <div>
          <input id="v-subject" required value={reference} onChange={(e) => setReference(e.target.value)} aria-describedby="v-subject-hint" />
          <small id="v-subject-hint" className="muted">{by === 'subject' ? t('verify.subjectHint') : t('verify.disclosureHint')}</small>
        </div>
        <label htmlFor="v-purpose">{t('search.purpose')}</label>
        <input id="v-purpose" required value={purpose} onChange={(e) => setPurpose(e.target.value)} placeholder="criminal-investigation" />
        <label htmlFor="v-case">{t('search.caseRef')}</label>
        <input id="v-case" required value={caseRef} onChange={(e) => setCaseRef(e.target.value)} />
        <label htmlFor="v-auth">{t('search.authorisationRef')}</label>
        <input id="v-auth" required value={authorisationRef} onChange={(e) => setAuthorisationRef(e.target.value)} />
        <span />
        <div>
          <button type="submit" disabled={action.busy || !probe}>
            {action.busy ? t('search.busy') : t('verify.submit')}
          </button>
        </div>
      </form>
      {action.error && <ErrorMessage error={action.error} />}
      {answer && (
        <section className="panel" aria-labelledby="v-result" data-testid="verify-result">
          <h2 id="v-result">
            {t('verify.result')}: <span className={answer.decision === 'match' ? 'tag ok' : 'tag'}>{answer.decision === 'match' ? t('verify.match') : t('verify.noMatch')}</span>
          </h2>
          <dl>
            <dt>{t('search.score')}</dt>
            <dd>{answer.score.toFixed(3)}</dd>
            <dt>{t('search.threshold')}</dt>
            <dd>{answer.threshold.toFixed(3)}</dd>
            <dt>FMR</dt>
            <dd>{answer.fmrAtScore.toExponential(1)}</dd>
            <dt>{t('verify.samples')}</dt>
            <dd>{answer.samplesCompared}</dd>
          </dl>
          <p className="muted">{t('search.logged', { index: answer.logIndex })}</p>
        </section>
      )}
    </>
  );
}
