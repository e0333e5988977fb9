// Your agency's notifications: confirmed hits in your galleries (the owner's notice), disclosure
// requests and decisions; each can be marked read.
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import type { Notification } from '../api/types.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Link } from '../components/Link.tsx';
import { RecipientNotices } from '../audit/RecipientNotices.tsx';
import { useAction, useLoad } from '../hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/en.ts';

const kinds: Record<string, MessageKey> = {
  'hit.confirmed': 'notifications.hitConfirmed',
  'disclosure.requested': 'notifications.disclosureRequested',
  'disclosure.approved': 'notifications.disclosureApproved',
  'disclosure.denied': 'notifications.disclosureDenied',
  'recipient-notice.erasure': 'notifications.recipientErasure',
  'recipient-notice.restriction': 'notifications.recipientRestriction',
  'recipient-notice.lifted': 'notifications.recipientLifted',
  'recipient-notice.acknowledged': 'notifications.recipientAcknowledged',
};

export function NotificationsPage() {
  const { t } = useI18n();
  const [unread, setUnread] = useState(false);
  const list = useLoad(() => call(api.GET('/v1/notifications', { params: { query: { unread: unread ? 'true' : 'false' } } })).then((r) => r.notifications), [unread]);
  const names = useLoad(async () => {
    const [a, g] = await Promise.all([call(api.GET('/v1/agencies')), call(api.GET('/v1/galleries'))]);
    return new Map<string, string>([...a.agencies.map((x) => [x.id, x.name] as const), ...g.galleries.map((x) => [x.id, x.name] as const)]);
  }, []);
  return (
    <>
      <h1>{t('nav.notifications')}</h1>
      <p className="muted">{t('workflow.notifications')}</p>
      <label className="check">
        <input type="checkbox" checked={unread} onChange={(e) => setUnread(e.target.checked)} /> {t('notifications.unreadOnly')}
      </label>
      <RecipientNotices receivedOnly />
      {list.error && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {list.data && list.data.length === 0 && <p>{t('notifications.none')}</p>}
      <ul className="cards" data-testid="notifications">
        {list.data?.map((n) => <Item key={n.id} n={n} names={names.data} onRead={list.reload} />)}
      </ul>
    </>
  );
}

function Item({ n, names, onRead }: { n: Notification; names?: Map<string, string>; onRead(): void }) {
  const { t, time } = useI18n();
  const action = useAction();
  const name = (v: unknown) => (typeof v === 'string' ? (names?.get(v) ?? v) : String(v));
  const p = n.payload;
  const key = kinds[n.kind];
  return (
    <li className="panel" data-read={n.readAt ? 'yes' : 'no'}>
      <h2>
        {key ? t(key) : n.kind} {!n.readAt && <span className="tag warn">{t('notifications.new')}</span>}
      </h2>
      <dl>
        <dt>{t('galleries.created')}</dt>
        <dd>{time(n.createdAt)}</dd>
        {'galleryId' in p && (
          <>
            <dt>{t('notifications.gallery')}</dt>
            <dd>{name(p.galleryId)}</dd>
          </>
        )}
        {'requesterAgencyId' in p && (
          <>
            <dt>{t('notifications.requester')}</dt>
            <dd>{name(p.requesterAgencyId)}</dd>
          </>
        )}
        {'subjectId' in p && (
          <>
            <dt>{t('notifications.subject')}</dt>
            <dd>
              <code>{String(p.subjectId)}</code>
            </dd>
          </>
        )}
        {Object.entries(p)
          .filter(([k]) => !['galleryId', 'requesterAgencyId', 'subjectId'].includes(k))
          .map(([k, v]) => (
            <Pair key={k} k={k} v={typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v)} />
          ))}
      </dl>
      <div className="row">
        {n.kind.startsWith('disclosure') && <Link href="/disclosure">{t('nav.disclosure')}</Link>}
        {!n.readAt && (
          <button type="button" className="small secondary" disabled={action.busy} onClick={() => void action.run(() => call(api.POST('/v1/notifications/{id}/read', { params: { path: { id: n.id } } }))).then(onRead)}>
            {t('notifications.markRead')}
          </button>
        )}
      </div>
      {action.error && <ErrorMessage error={action.error} />}
    </li>
  );
}

function Pair({ k, v }: { k: string; v: string }) {
  return (
    <>
      <dt>{k}</dt>
      <dd>{v}</dd>
    </>
  );
}
