// Erasure and restriction notices (LED Art. 16(6)): those your agency sent as owner, with their
// acknowledgement, and those it received as recipient of step-2 data, which its officers acknowledge.
import { mayDo } from '../access.ts';
import { api, call } from '../api/client.ts';
import type { RecipientNotice } from '../api/types.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useAction, useLoad } from '../hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useAgencyNames } from '../names.tsx';
import { useSession } from '../session.tsx';

/** `openOnly`: unacknowledged notices of both sides (oversight); `receivedOnly`: what the agency must act on (notifications). */
export function RecipientNotices({ openOnly = false, receivedOnly = false }: { openOnly?: boolean; receivedOnly?: boolean }) {
  const { me } = useSession();
  if (!mayDo(me.roles, 'recipient-notice.list')) return null;
  return <NoticeList openOnly={openOnly} receivedOnly={receivedOnly} canAcknowledge={mayDo(me.roles, 'recipient-notice.acknowledge')} />;
}

function NoticeList({ openOnly, receivedOnly, canAcknowledge }: { openOnly: boolean; receivedOnly: boolean; canAcknowledge: boolean }) {
  const { t, time } = useI18n();
  const list = useLoad(() => call(api.GET('/v1/recipient-notices', { params: { query: { open: openOnly ? 'true' : 'false' } } })).then((r) => r.notices.filter((n) => !receivedOnly || n.direction === 'received')), [openOnly, receivedOnly]);
  const agencies = useAgencyNames();
  const ack = useAction();
  const name = (id: string) => agencies.data?.get(id) ?? id;
  const acknowledge = (n: RecipientNotice) => void ack.run(() => call(api.POST('/v1/recipient-notices/{id}/acknowledge', { params: { path: { id: n.id } } }))).then(list.reload);
  return (
    <section className="panel" aria-labelledby="o-notices">
      <h2 id="o-notices">{t(openOnly ? 'notices.openHeading' : 'notices.heading')}</h2>
      <p className="muted">{t('notices.explain')}</p>
      {list.error && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {ack.error && <ErrorMessage error={ack.error} />}
      {list.data && list.data.length === 0 && <p>{t('notices.none')}</p>}
      {list.data && list.data.length > 0 && (
        <div className="scroll-x">
          <table data-testid="recipient-notices">
            <thead>
              <tr>
                <th>{t('notices.kind')}</th>
                <th>{t('notices.between')}</th>
                <th>{t('notices.cases')}</th>
                <th>{t('notices.refs')}</th>
                <th>{t('galleries.created')}</th>
                <th>{t('notices.state')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.map((n) => (
                <tr key={n.id} data-notice={n.id} data-state={n.acknowledgedAt ? 'acknowledged' : 'open'}>
                  <td>{t(n.kind === 'erasure' ? 'notices.erasure' : 'notices.restriction')}</td>
                  <td>{n.direction === 'sent' ? t('notices.sentTo', { agency: name(n.recipientAgencyId) }) : t('notices.receivedFrom', { agency: name(n.ownerAgencyId) })}</td>
                  <td>{n.caseRefs.join(', ')}</td>
                  <td>
                    <code title={[...n.disclosureIds, ...n.hitIds].join(' ')}>{[...n.disclosureIds, ...n.hitIds].map((id) => id.slice(0, 8)).join(' ')}</code>
                  </td>
                  <td>{time(n.createdAt)}</td>
                  <td>
                    {n.acknowledgedAt ? t('notices.acknowledged', { time: time(n.acknowledgedAt) }) : <span className="tag warn">{t('notices.open')}</span>}
                    {n.liftedAt && <> · {t('notices.lifted', { time: time(n.liftedAt) })}</>}
                  </td>
                  <td>
                    {n.direction === 'received' && !n.acknowledgedAt && canAcknowledge && (
                      <button type="button" className="small" disabled={ack.busy} onClick={() => acknowledge(n)}>
                        {t('notices.acknowledge')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
