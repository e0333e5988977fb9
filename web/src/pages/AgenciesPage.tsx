import { useState, type FormEvent } from 'react';
import { api, call } from '../api/client.ts';
import type { CreatedAgency } from '../api/types.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { SecretOnce } from '../components/SecretOnce.tsx';
import { useAction, useLoad } from '../hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session.tsx';

export function AgenciesPage() {
  const { t, time } = useI18n();
  const { me, agency } = useSession();
  const agencies = useLoad(() => call(api.GET('/v1/agencies')).then((r) => r.agencies), []);
  const [created, setCreated] = useState<CreatedAgency>();
  const hostAdmin = agency.isHost && me.roles.includes('admin');
  return (
    <>
      <h1>{t('agencies.heading')}</h1>
      <p className="muted">{t('agencies.intro')}</p>
      {agencies.error && <ErrorMessage error={agencies.error} onRetry={agencies.reload} />}
      {agencies.data && (
        <table data-testid="agencies">
          <thead>
            <tr>
              <th>{t('agencies.name')}</th>
              <th>{t('agencies.country')}</th>
              <th>{t('agencies.host')}</th>
              <th>{t('galleries.created')}</th>
            </tr>
          </thead>
          <tbody>
            {agencies.data.map((a) => (
              <tr key={a.id}>
                <td>{a.name}</td>
                <td>{a.country ?? '—'}</td>
                <td>{a.isHost ? t('common.yes') : ''}</td>
                <td>{time(a.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {created && (
        <>
          <p className="success" role="status">
            {t('agencies.createdOk', { name: created.agency.name })}
          </p>
          {created.admin && <SecretOnce label={t('agencies.adminToken', { name: created.admin.user.name })} secret={created.admin.token} onClose={() => setCreated(undefined)} />}
        </>
      )}
      <NewAgencyForm
        hostAdmin={hostAdmin}
        onCreated={(c) => {
          setCreated(c);
          agencies.reload();
        }}
      />
    </>
  );
}

function NewAgencyForm({ hostAdmin, onCreated }: { hostAdmin: boolean; onCreated(c: CreatedAgency): void }) {
  const { t } = useI18n();
  const action = useAction();
  const [name, setName] = useState('');
  const [country, setCountry] = useState('');
  const [adminName, setAdminName] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = { name, country: country.trim() === '' ? null : country.trim(), ...(adminName.trim() ? { adminName: adminName.trim() } : {}) };
    const c = await action.run(() => call(api.POST('/v1/agencies', { body })));
    if (c) {
      setName('');
      setCountry('');
      setAdminName('');
      onCreated(c);
    }
  };
  return (
    <section className="panel" aria-labelledby="new-agency">
      <h2 id="new-agency">{t('agencies.create')}</h2>
      {!hostAdmin && <p className="notice">{t('agencies.hostOnly')}</p>}
      <form className="grid-form" onSubmit={submit}>
        <label htmlFor="a-name">{t('agencies.name')}</label>
        <input id="a-name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        <label htmlFor="a-country">{t('agencies.country')}</label>
        <input id="a-country" maxLength={10} placeholder="DE" value={country} onChange={(e) => setCountry(e.target.value)} />
        <label htmlFor="a-admin">{t('agencies.adminName')}</label>
        <input id="a-admin" maxLength={200} value={adminName} onChange={(e) => setAdminName(e.target.value)} />
        <span />
        <div>
          <button type="submit" disabled={action.busy}>
            {t('common.create')}
          </button>
        </div>
      </form>
      {action.error && <ErrorMessage error={action.error} />}
    </section>
  );
}
