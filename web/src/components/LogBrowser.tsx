// The log for auditors: filters (action, actor, agency, time range) and paging; per entry its
// inclusion proof against the newest signed checkpoint, verified here with WebCrypto.
import { useState, type FormEvent } from 'react';
import { api, call } from '../api/client.ts';
import type { LogItem } from '../api/types.ts';
import { checkEntry, type ProofCheck } from '../audit/verify.ts';
import { useAction, useLoad } from '../hooks.ts';
import { isMessageKey, useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { Named } from './Named.tsx';
import { useSession } from '../session.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';

const PAGE = 20;
interface Filter { action: string; actor: string; agency: string; from: string; to: string }
const empty: Filter = { action: '', actor: '', agency: '', from: '', to: '' };

export function LogBrowser({ agencies }: { agencies?: Map<string, string> }) {
  const { t, time } = useI18n();
  const { agency } = useSession();
  const [draft, setDraft] = useState<Filter>(empty);
  const [filter, setFilter] = useState<Filter>(empty);
  const [offset, setOffset] = useState(0);
  // Auditors and admins may list their own agency's users; the log then names who acted. Anyone else sees ids.
  const users = useLoad(() => call(api.GET('/v1/users')).then((r) => new Map(r.users.map((u) => [u.id, u.name]))).catch(() => new Map<string, string>()), []);
  const page = useLoad(() => {
    const q: Record<string, string | number> = { limit: PAGE, offset };
    if (filter.action) q.action = filter.action;
    if (filter.actor) q.actor = filter.actor;
    if (filter.agency) q.agency = filter.agency;
    if (filter.from) q.from = filter.from;
    // The date picked is inclusive; the API's upper bound is exclusive.
    if (filter.to) q.to = new Date(Date.parse(filter.to) + 86_400_000).toISOString().slice(0, 10);
    return call(api.GET('/v1/log/entries', { params: { query: q as never } }));
  }, [filter, offset]);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setOffset(0);
    setFilter(draft);
  };
  const set = (k: keyof Filter) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  const data = page.data;
  return (
    <section className="panel" aria-labelledby="o-log">
      <h2 id="o-log">{t('log.heading')}</h2>
      <form className="inline-form" onSubmit={apply} aria-label={t('log.filters')}>
        <label>
          {t('log.action')} <input value={draft.action} onChange={set('action')} placeholder="search." list="log-actions" />
        </label>
        <datalist id="log-actions">
          {['search.', 'search.end', 'review.decision', 'hit.concluded', 'release', 'disclosure.', 'verification', 'enrollment', 'erasure', 'objection', 'agreement.change', 'token.', 'login', 'export'].map((a) => <option key={a} value={a} />)}
        </datalist>
        <label>
          {t('log.actor')} <input value={draft.actor} onChange={set('actor')} />
        </label>
        <label>
          {t('log.agency')}{' '}
          <select value={draft.agency} onChange={set('agency')}>
            <option value="">{t('log.defaultAgency')}</option>
            <option value={agency.id}>{agency.name}</option>
            {[...(agencies ?? new Map<string, string>())].filter(([id]) => id !== agency.id).map(([id, name]) => <option key={id} value={id}>{name}</option>)}
            <option value="*">{t('log.allAgencies')}</option>
          </select>
        </label>
        <label>
          {t('log.from')} <input type="date" value={draft.from} onChange={set('from')} />
        </label>
        <label>
          {t('log.to')} <input type="date" value={draft.to} onChange={set('to')} />
        </label>
        <button type="submit">{t('log.apply')}</button>
      </form>
      {page.error && <ErrorMessage error={page.error} onRetry={page.reload} />}
      {data && (
        <>
          <p className="muted">{t('log.count', { total: data.total, size: data.size, from: data.total ? offset + 1 : 0, to: Math.min(offset + PAGE, data.total) })}</p>
          <div className="scroll-x">
            <table data-testid="log">
              <thead>
                <tr>
                  <th>#</th>
                  <th>{t('log.time')}</th>
                  <th>{t('log.action')}</th>
                  <th>{t('log.actor')}</th>
                  <th>{t('log.agency')}</th>
                  <th>{t('log.outcome')}</th>
                  <th>{t('log.object')}</th>
                  <th>{t('log.proof')}</th>
                </tr>
              </thead>
              <tbody>
                {data.entries.map((e) => <Row key={e.index} item={e} agencies={agencies} users={users.data} time={time} />)}
              </tbody>
            </table>
          </div>
          <div className="row">
            <button type="button" className="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>{t('common.previous')}</button>
            <button type="button" className="secondary" disabled={offset + PAGE >= data.total} onClick={() => setOffset(offset + PAGE)}>{t('common.next')}</button>
          </div>
        </>
      )}
    </section>
  );
}

function Row({ item, agencies, users, time }: { item: LogItem; agencies?: Map<string, string>; users?: Map<string, string>; time(iso: string): string }) {
  const { t } = useI18n();
  const action = useAction();
  const [check, setCheck] = useState<ProofCheck>();
  const e = item.entry as { action: string; outcome: string; reason?: string; actor: { user: string; agency: string; role: string }; object?: { type: string; id: string }; decision?: string };
  const verify = async () => {
    const r = await action.run(async () => {
      const [cp, key] = await Promise.all([call(api.GET('/v1/log/checkpoint')), call(api.GET('/v1/log/public-key'))]);
      const proof = await call(api.GET('/v1/log/entries/{i}/proof', { params: { path: { i: item.index }, query: { size: cp.size } } }));
      return checkEntry({ index: item.index, payload: item.payload, note: cp.note, publicKey: key.publicKey, proof });
    });
    if (r) setCheck(r);
  };
  return (
    <tr>
      <td className="num">{item.index}</td>
      <td>{time(item.time)}</td>
      <td>
        <code>{e.action}</code>
        {e.decision && ` (${isMessageKey(`decision.${e.decision}`) ? t(`decision.${e.decision}` as MessageKey) : e.decision})`}
      </td>
      <td>
        <Named id={e.actor.user} name={users?.get(e.actor.user)} /> {isMessageKey(`role.${e.actor.role}`) ? t(`role.${e.actor.role}` as MessageKey) : e.actor.role}
      </td>
      <td><Named id={e.actor.agency} name={agencies?.get(e.actor.agency)} /></td>
      <td>{isMessageKey(`outcome.${e.outcome}`) ? t(`outcome.${e.outcome}` as MessageKey) : e.outcome}{e.reason && <> <code>{e.reason}</code></>}</td>
      <td>{e.object ? <>{e.object.type} <Named id={e.object.id} /></> : '—'}</td>
      <td data-testid="proof-cell">
        {item.redacted && <span className="tag" data-testid="withheld">{t('log.withheld')}</span>}
        {!check && !item.redacted && (
          <button type="button" className="small secondary" disabled={action.busy} onClick={() => void verify()} aria-label={t('log.verifyLabel', { index: item.index })}>
            {t('log.verify')}
          </button>
        )}
        {check && (check.ok ? (
          <span className="tag ok" title={t('log.verifiedDetail', { size: check.checkpointSize })}>
            ✓ {t('log.verified', { size: check.checkpointSize })}{check.signed === 'unsupported' ? ` · ${t('log.signatureUnchecked')}` : ''}
          </span>
        ) : (
          <span className="tag bad">
            ✗ {t('log.failed')}: {[!check.leafMatches && t('log.failLeaf'), !check.included && t('log.failPath'), check.signed === false && t('log.failSignature')].filter(Boolean).join(', ')}
          </span>
        ))}
        {action.error && <ErrorMessage error={action.error} />}
      </td>
    </tr>
  );
}
