// Your agency's notifications: confirmed hits in your galleries (the owner's notice), disclosure
// requests and decisions; each can be marked read.
import { Fragment, useState, type ReactNode } from 'react';
import { api, call } from '../api/client.ts';
import type { Notification } from '../api/types.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Link } from '../components/Link.tsx';
import { RecipientNotices } from '../audit/RecipientNotices.tsx';
import { useAction, useLoad } from '../hooks.ts';
import { isMessageKey, useI18n } from '../i18n/i18n.tsx';
import { Named } from '../components/Named.tsx';
import { useAgencyNames, useGalleryNames } from '../names.tsx';
import { mayOpen } from '../access.ts';
import { useSession } from '../session.tsx';
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

/** Payload fields shown by name (agencies, galleries) or as short ids with the full id as tooltip. */
const agencyFields = ['requesterAgencyId', 'ownerAgencyId', 'recipientAgencyId'];

export function NotificationsPage() {
  const { t } = useI18n();
  const [unread, setUnread] = useState(false);
  const list = useLoad(() => call(api.GET('/v1/notifications', { params: { query: { unread: unread ? 'true' : 'false' } } })).then((r) => r.notifications), [unread]);
  const agencies = useAgencyNames();
  const galleries = useGalleryNames();
  const names = (field: string) => (agencyFields.includes(field) ? agencies.data : field === 'galleryId' ? galleries.data : undefined);
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
        {list.data?.map((n) => <Item key={n.id} n={n} names={names} onRead={list.reload} />)}
      </ul>
    </>
  );
}

function Item({ n, names, onRead }: { n: Notification; names(field: string): Map<string, string> | undefined; onRead(): void }) {
  const { t, time } = useI18n();
  const { me } = useSession();
  const action = useAction();
  const key = kinds[n.kind];
  const label = (field: string) => {
    const k = `notifications.field.${field}`;
    return isMessageKey(k) ? t(k) : field;
  };
  const value = (field: string, v: unknown): ReactNode => {
    if (typeof v === 'string' && (field.endsWith('Id') || names(field))) return <Named id={v} name={names(field)?.get(v)} />;
    if (Array.isArray(v)) return field.endsWith('Ids') ? v.map((id: string, i) => <Fragment key={id}>{i > 0 && ' '}<Named id={id} /></Fragment>) : v.join(', ');
    return typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v);
  };
  return (
    <li className="panel" data-read={n.readAt ? 'yes' : 'no'}>
      <h2>
        {key ? t(key) : n.kind} {!n.readAt && <span className="tag warn">{t('notifications.new')}</span>}
      </h2>
      <dl>
        <dt>{t('galleries.created')}</dt>
        <dd>{time(n.createdAt)}</dd>
        {Object.entries(n.payload).map(([k, v]) => (
          <Fragment key={k}>
            <dt>{label(k)}</dt>
            <dd>{value(k, v)}</dd>
          </Fragment>
        ))}
      </dl>
      <div className="row">
        {n.kind.startsWith('disclosure') && mayOpen(me.roles, '/disclosure') && <Link href="/disclosure">{t('nav.disclosure')}</Link>}
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
