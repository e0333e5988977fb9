import { Fragment, useState, type FormEvent } from 'react';
import { api, call } from '../api/client.ts';
import { disagreementRules, type Agency, type CreatedAgency } from '../api/types.ts';
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
  const isAdmin = me.roles.includes('admin');
  const hostAdmin = agency.isHost && isAdmin;
  const [editing, setEditing] = useState<string>();
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
              <th>{t('agencies.onDisagreement')}</th>
              <th>{t('galleries.created')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {agencies.data.map((a) => (
              <Fragment key={a.id}>
                <tr>
                  <td>{a.name}</td>
                  <td>{a.country ?? '—'}</td>
                  <td>{a.isHost ? t('common.yes') : ''}</td>
                  <td>{t(`agencies.rule.${a.onDisagreement}`)}</td>
                  <td>{time(a.createdAt)}</td>
                  <td>
                    {(hostAdmin || (isAdmin && a.id === agency.id)) && (
                      <button type="button" className="secondary small" aria-expanded={editing === a.id} aria-label={t('agencies.editLabel', { name: a.name })} onClick={() => setEditing(editing === a.id ? undefined : a.id)}>
                        {t('common.edit')}
                      </button>
                    )}
                  </td>
                </tr>
                {editing === a.id && (
                  <tr className="expanded">
                    <td colSpan={6}>
                      <AgencyEditor
                        agency={a}
                        own={a.id === agency.id}
                        onCancel={() => setEditing(undefined)}
                        onSaved={() => {
                          setEditing(undefined);
                          agencies.reload();
                        }}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
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
      {hostAdmin ? (
        <NewAgencyForm
          onCreated={(c) => {
            setCreated(c);
            agencies.reload();
          }}
        />
      ) : (
        <p className="muted">{t('agencies.hostOnly')}</p>
      )}
    </>
  );
}

function NewAgencyForm({ onCreated }: { onCreated(c: CreatedAgency): void }) {
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

function AgencyEditor({ agency, own, onSaved, onCancel }: { agency: Agency; own: boolean; onSaved(a: Agency): void; onCancel(): void }) {
  const { t } = useI18n();
  const action = useAction();
  const [name, setName] = useState(agency.name);
  const [country, setCountry] = useState(agency.country ?? '');
  const [onDisagreement, setOnDisagreement] = useState(agency.onDisagreement);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // How its examiners decide is the agency's own setting; the server refuses it for others.
    const body = { name, country: country.trim() === '' ? null : country.trim(), ...(own ? { onDisagreement } : {}) };
    const a = await action.run(() => call(api.PATCH('/v1/agencies/{id}', { params: { path: { id: agency.id } }, body })));
    if (a) onSaved(a);
  };
  const id = `edit-${agency.id}`;
  return (
    <form className="inline-form" onSubmit={submit}>
      <label htmlFor={`${id}-name`}>{t('agencies.name')}</label>
      <input id={`${id}-name`} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      <label htmlFor={`${id}-country`}>{t('agencies.country')}</label>
      <input id={`${id}-country`} maxLength={10} value={country} onChange={(e) => setCountry(e.target.value)} />
      {own && (
        <>
          <label htmlFor={`${id}-split`}>{t('agencies.onDisagreement')}</label>
          <select id={`${id}-split`} value={onDisagreement} onChange={(e) => setOnDisagreement(e.target.value as Agency['onDisagreement'])}>
            {disagreementRules.map((r) => (
              <option key={r} value={r}>
                {t(`agencies.rule.${r}`)}
              </option>
            ))}
          </select>
        </>
      )}
      <button type="submit" disabled={action.busy}>
        {t('common.save')}
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        {t('common.cancel')}
      </button>
      {action.error && <ErrorMessage error={action.error} />}
    </form>
  );
}
