// Data subjects' objections: file one with evidence images and/or hashes (a face reference only
// with consent), see what each stage can reach and what it found, check files, withdraw.
import { useState, type FormEvent } from 'react';
import { api, asForm, call } from '../api/client.ts';
import type { FiledObjection, Objection, ObjectionDetail, ReachAnswer } from '../api/types.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { FileDrop } from '../components/FileDrop.tsx';
import { useAction, useLoad, useMay } from '../hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';

const purposes = ['search', 'ai-training', 'all'] as const;

/** Parses "kind:value" lines (sha256, md5, pdq, or audio:<seconds>:<base64> as hash-set exports write it) into the API's hash list; throws on a bad line. */
export function parseHashLines(text: string): { kind: 'sha256' | 'md5' | 'pdq' | 'audio'; value: string }[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line, i) => {
      const audio = /^audio\s*:\s*(\d+(?:\.\d+)?:[A-Za-z0-9+/]+={0,2})$/.exec(line);
      if (audio) return { kind: 'audio' as const, value: audio[1]! };
      const m = /^(sha256|md5|pdq)\s*[:=\s]\s*([0-9a-fA-F]+)$/.exec(line);
      if (!m) throw new Error(`line ${i + 1}: ${line.length > 80 ? `${line.slice(0, 80)}…` : line}`);
      return { kind: m[1] as 'sha256' | 'md5' | 'pdq', value: m[2]!.toLowerCase() };
    });
}

export function ObjectionsPage() {
  const { t } = useI18n();
  const may = useMay();
  const [status, setStatus] = useState<'' | 'active' | 'withdrawn'>('');
  const list = useLoad(() => call(api.GET('/v1/objections', { params: { query: status ? { status } : {} } })).then((r) => r.objections), [status]);
  return (
    <>
      <h1>{t('nav.objections')}</h1>
      <p className="muted">{t('workflow.objections')}</p>
      {may('objection.file') && <FileObjection onFiled={list.reload} />}
      <section className="panel" aria-labelledby="obj-list">
        <h2 id="obj-list">{t('objections.list')}</h2>
        <label htmlFor="obj-status">{t('objections.status')}</label>{' '}
        <select id="obj-status" value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
          <option value="">{t('objections.all')}</option>
          <option value="active">{t('state.active')}</option>
          <option value="withdrawn">{t('state.withdrawn')}</option>
        </select>
        {list.error && <ErrorMessage error={list.error} onRetry={list.reload} />}
        {list.data && list.data.length === 0 && <p>{t('objections.none')}</p>}
        <ul className="cards" data-testid="objections">
          {list.data?.map((o) => <ObjectionItem key={o.id} o={o} onChange={list.reload} />)}
        </ul>
      </section>
    </>
  );
}

function FileObjection({ onFiled }: { onFiled(): void }) {
  const { t } = useI18n();
  const action = useAction();
  const [reference, setReference] = useState('');
  const [chosen, setChosen] = useState<string[]>(['all']);
  const [evidence, setEvidence] = useState<File[]>([]);
  const [hashes, setHashes] = useState('');
  const [hashError, setHashError] = useState<string>();
  const [consentRef, setConsentRef] = useState('');
  const [filed, setFiled] = useState<FiledObjection>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFiled(undefined);
    let list: ReturnType<typeof parseHashLines>;
    try {
      list = parseHashLines(hashes);
      setHashError(undefined);
    } catch (err) {
      setHashError((err as Error).message);
      return;
    }
    const form = asForm({ reference, purposes: chosen.join(','), hashes: list.length ? JSON.stringify(list) : undefined, consentRef: consentRef.trim() || undefined }, evidence.map((f) => ['evidence', f] as [string, File]));
    const r = await action.run(() => call(api.POST('/v1/objections', form)));
    if (r) {
      setFiled(r);
      setReference('');
      setHashes('');
      onFiled();
    }
  };
  return (
    <section className="panel" aria-labelledby="obj-new">
      <h2 id="obj-new">{t('objections.file')}</h2>
      <form className="grid-form" onSubmit={submit}>
        <label htmlFor="obj-ref">{t('objections.reference')}</label>
        <div>
          <input id="obj-ref" required value={reference} onChange={(e) => setReference(e.target.value)} aria-describedby="obj-ref-hint" />
          <small id="obj-ref-hint" className="muted">{t('objections.referenceHint')}</small>
        </div>
        <span className="label-like">{t('objections.purposes')}</span>
        <fieldset>
          <legend className="visually-hidden">{t('objections.purposes')}</legend>
          {purposes.map((p) => (
            <label key={p} className="check">
              <input type="checkbox" checked={chosen.includes(p)} onChange={(e) => setChosen(e.target.checked ? [...chosen, p] : chosen.filter((x) => x !== p))} /> {p}
            </label>
          ))}
        </fieldset>
        <span className="label-like">{t('objections.evidence')}</span>
        <div>
          <FileDrop id="obj-evidence" label={t('objections.evidenceFiles')} hint={t('objections.evidenceHint')} multiple accept="image/*" onFiles={setEvidence} />
          {evidence.length > 0 && <small className="muted">{evidence.map((f) => f.name).join(', ')}</small>}
        </div>
        <label htmlFor="obj-hashes">{t('objections.hashes')}</label>
        <div>
          <textarea id="obj-hashes" rows={3} value={hashes} onChange={(e) => setHashes(e.target.value)} aria-describedby="obj-hashes-hint" placeholder="sha256:…" />
          <small id="obj-hashes-hint" className="muted">{t('objections.hashesHint')}</small>
          {hashError && <p className="error" role="alert">{t('objections.badHash', { line: hashError })}</p>}
        </div>
        <label htmlFor="obj-consent">{t('objections.consentRef')}</label>
        <div>
          <input id="obj-consent" value={consentRef} onChange={(e) => setConsentRef(e.target.value)} aria-describedby="obj-consent-hint" />
          <small id="obj-consent-hint" className="muted">{t('objections.consentHint')}</small>
        </div>
        <span />
        <div>
          <button type="submit" disabled={action.busy || chosen.length === 0}>
            {t('objections.submit')}
          </button>
        </div>
      </form>
      {action.error && <ErrorMessage error={action.error} />}
      {filed && (
        <div className="success" role="status" data-testid="objection-filed">
          <p>{t('objections.filed', { ref: filed.objection.reference, index: filed.logIndex })}</p>
          <Reach reach={filed.reach} matched={filed.matched} />
        </div>
      )}
    </section>
  );
}

function Reach({ reach, matched }: { reach: FiledObjection['reach']; matched: FiledObjection['matched'] }) {
  const { t } = useI18n();
  return (
    <table data-testid="reach">
      <thead>
        <tr>
          <th>{t('objections.stage')}</th>
          <th>{t('objections.reach')}</th>
          <th>{t('objections.found')}</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <td>{t('objections.stage.exact')}</td>
          <td>{t('objections.reachExact', { n: reach.exact.digests })}</td>
          <td className="num">{matched.exact}</td>
        </tr>
        <tr>
          <td>{t('objections.stage.perceptual')}</td>
          <td>{t('objections.reachPerceptual', { n: reach.perceptual.hashes, images: reach.perceptual.imagesWithAllRotationsAndFlips })}</td>
          <td className="num">{matched.perceptual}</td>
        </tr>
        <tr>
          <td>{t('objections.stage.face')}</td>
          <td>{reach.face.reference ? t('objections.reachFace', { model: reach.face.modelId ?? '' }) : t('objections.reachNoFace')}</td>
          <td className="num">{matched.face}</td>
        </tr>
      </tbody>
    </table>
  );
}

function ObjectionItem({ o, onChange }: { o: Objection; onChange(): void }) {
  const may = useMay();
  const { t, time } = useI18n();
  const [open, setOpen] = useState(false);
  const detail = useAction();
  const [d, setD] = useState<ObjectionDetail>();
  const toggle = async () => {
    if (open) return setOpen(false);
    setOpen(true);
    const r = await detail.run(() => call(api.GET('/v1/objections/{id}', { params: { path: { id: o.id } } })));
    if (r) setD(r);
  };
  return (
    <li className="panel" data-testid="objection">
      <h3>
        {o.reference} · <span className={o.status === 'active' ? 'tag ok' : 'tag'}>{t(`state.${o.status}`)}</span> · {o.purposes.join(', ')}
      </h3>
      <p className="muted">
        {time(o.createdAt)}
        {o.faceConsent && ` · ${t('objections.withConsent')}`}
        {o.withdrawnAt && ` · ${t('objections.withdrawnAt', { time: time(o.withdrawnAt), reason: o.withdrawalReason ?? '' })}`}
      </p>
      <button type="button" className="small secondary" aria-expanded={open} onClick={() => void toggle()}>
        {open ? t('common.close') : t('objections.details')}
      </button>
      {detail.error && <ErrorMessage error={detail.error} />}
      {open && d && (
        <>
          <Reach reach={d.reach} matched={d.matched} />
          {d.matches.length > 0 && (
            <p className="muted">{t('objections.matches', { n: d.matches.length, galleries: [...new Set(d.matches.map((m) => m.galleryId))].length })}</p>
          )}
        </>
      )}
      {o.status === 'active' && may('objection.check') && <CheckFiles id={o.id} />}
      {o.status === 'active' && may('objection.withdraw') && <Withdraw id={o.id} onDone={onChange} />}
    </li>
  );
}

function CheckFiles({ id }: { id: string }) {
  const { t } = useI18n();
  const action = useAction();
  const [answer, setAnswer] = useState<ReachAnswer>();
  const check = async (files: File[]) => {
    if (!files.length) return;
    const r = await action.run(() => call(api.POST('/v1/objections/{id}/reach', { params: { path: { id } }, ...asForm({}, files.map((f) => ['candidate', f] as [string, File])) })));
    if (r) setAnswer(r);
  };
  return (
    <details>
      <summary>{t('objections.check')}</summary>
      <FileDrop id={`obj-check-${id}`} label={t('objections.checkFiles')} hint={t('objections.checkHint')} multiple accept="image/*" onFiles={(f) => void check(f)} />
      {action.error && <ErrorMessage error={action.error} />}
      {answer && (
        <table data-testid="reach-check">
          <thead>
            <tr>
              <th>{t('enroll.file')}</th>
              <th>{t('objections.caughtBy')}</th>
              <th>{t('objections.measure')}</th>
            </tr>
          </thead>
          <tbody>
            {answer.results.map((r) => (
              <tr key={r.file}>
                <td>{r.file}</td>
                <td>{r.stage ?? t('objections.notCaught')}</td>
                <td className="num">{r.measure ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}

function Withdraw({ id, onDone }: { id: string; onDone(): void }) {
  const { t } = useI18n();
  const action = useAction();
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const withdraw = async () => {
    const r = await action.run(() => call(api.POST('/v1/objections/{id}/withdraw', { params: { path: { id } }, body: { reason } })));
    if (r) onDone();
  };
  if (!confirming)
    return (
      <button type="button" className="small danger" onClick={() => setConfirming(true)}>
        {t('objections.withdraw')}
      </button>
    );
  return (
    <div className="subform">
      <label htmlFor={`wd-${id}`}>{t('objections.withdrawReason')}</label>
      <input id={`wd-${id}`} value={reason} onChange={(e) => setReason(e.target.value)} />
      <p className="notice">{t('objections.withdrawWarning')}</p>
      <div className="row">
        <button type="button" className="danger" disabled={action.busy || reason.trim() === ''} onClick={() => void withdraw()}>
          {t('objections.confirmWithdraw')}
        </button>
        <button type="button" className="secondary" onClick={() => setConfirming(false)}>
          {t('common.cancel')}
        </button>
      </div>
      {action.error && <ErrorMessage error={action.error} />}
    </div>
  );
}
