import { useState, type FormEvent } from 'react';
import { mayDo } from '../access.ts';
import { api, call } from '../api/client.ts';
import type { Role, User } from '../api/types.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { RolePicker } from '../components/RolePicker.tsx';
import { TokenPanel } from '../components/TokenPanel.tsx';
import { UserEditor } from '../components/UserEditor.tsx';
import { useAction, useLoad } from '../hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session.tsx';

export function UsersPage() {
  const { t } = useI18n();
  const { me, agency } = useSession();
  const isAdmin = mayDo(me.roles, 'user.manage');
  return (
    <>
      <h1>{t('users.heading')}</h1>
      <section className="panel" aria-labelledby="my-tokens">
        <h2 id="my-tokens">{t('users.myTokens')}</h2>
        <TokenPanel userId={me.id} idPrefix="me" />
      </section>
      <section className="panel" aria-labelledby="agency-users">
        <h2 id="agency-users">{t('users.agencyUsers', { agency: agency.name })}</h2>
        {isAdmin ? <AgencyUsers selfId={me.id} /> : <p className="muted">{t('users.adminsOnly')}</p>}
      </section>
    </>
  );
}

function AgencyUsers({ selfId }: { selfId: string }) {
  const { t } = useI18n();
  const users = useLoad(() => call(api.GET('/v1/users')).then((r) => r.users), []);
  const [open, setOpen] = useState<string>();
  const [created, setCreated] = useState<string>();
  return (
    <>
      {users.error && <ErrorMessage error={users.error} onRetry={users.reload} />}
      {users.data && (
        <table data-testid="users">
          <thead>
            <tr>
              <th>{t('users.name')}</th>
              <th>{t('users.roles')}</th>
              <th>{t('users.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {users.data.map((u) => (
              <UserRow key={u.id} user={u} open={open === u.id} onToggle={() => setOpen(open === u.id ? undefined : u.id)} onChanged={users.reload} self={u.id === selfId} />
            ))}
          </tbody>
        </table>
      )}
      {created && (
        <p className="success" role="status">
          {t('users.createdOk', { name: created })}
        </p>
      )}
      <NewUserForm
        onCreated={(u) => {
          setCreated(u.name);
          setOpen(u.id);
          users.reload();
        }}
      />
    </>
  );
}

function UserRow({ user, open, onToggle, onChanged, self }: { user: User; open: boolean; onToggle(): void; onChanged(): void; self: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <tr>
        <td>{user.name}</td>
        <td>{user.roles.map((r) => <span key={r} className="tag">{t(`role.${r}`)}</span>)}</td>
        <td>{user.disabled ? t('users.disabled') : t('users.active')}</td>
        <td>
          {!self && (
            <button type="button" className="secondary small" aria-expanded={open} onClick={onToggle} aria-label={t('users.manageLabel', { name: user.name })}>
              {open ? t('users.close') : t('users.manage')}
            </button>
          )}
        </td>
      </tr>
      {open && (
        <tr className="expanded">
          <td colSpan={4}>
            <UserEditor user={user} onChanged={onChanged} />
            <h3>{t('users.tokensOf', { name: user.name })}</h3>
            <TokenPanel userId={user.id} idPrefix={`u-${user.id}`} />
          </td>
        </tr>
      )}
    </>
  );
}

function NewUserForm({ onCreated }: { onCreated(u: User): void }) {
  const { t } = useI18n();
  const action = useAction();
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<Role[]>(['operator']);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const u = await action.run(() => call(api.POST('/v1/users', { body: { name, roles } })));
    if (u) {
      setName('');
      onCreated(u);
    }
  };
  return (
    <form className="subform" onSubmit={submit} aria-labelledby="new-user">
      <h3 id="new-user">{t('users.create')}</h3>
      <label htmlFor="u-name">{t('users.name')}</label>
      <input id="u-name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      <RolePicker value={roles} onChange={setRoles} />
      <button type="submit" disabled={action.busy}>
        {t('common.create')}
      </button>
      {action.error && <ErrorMessage error={action.error} />}
    </form>
  );
}
