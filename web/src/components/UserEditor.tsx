// An admin changes one user's roles or disables them (the server refuses what the policy forbids).
import { useState, type FormEvent } from 'react';
import { api, call } from '../api/client.ts';
import type { Role, User } from '../api/types.ts';
import { useAction } from '../hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';
import { RolePicker } from './RolePicker.tsx';

export function UserEditor({ user, onChanged }: { user: User; onChanged(u: User): void }) {
  const { t } = useI18n();
  const action = useAction();
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [saved, setSaved] = useState(false);
  const patch = async (body: { roles?: Role[]; disabled?: boolean }) => {
    setSaved(false);
    const u = await action.run(() => call(api.PATCH('/v1/users/{id}', { params: { path: { id: user.id } }, body })));
    if (u) {
      setSaved(body.roles !== undefined);
      onChanged(u);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void patch({ roles });
  };
  return (
    <form className="subform" onSubmit={submit}>
      <RolePicker value={roles} onChange={setRoles} />
      <div className="row">
        <button type="submit" disabled={action.busy}>
          {t('users.saveRoles')}
        </button>
        <button type="button" className={user.disabled ? 'secondary' : 'danger'} disabled={action.busy} onClick={() => void patch({ disabled: !user.disabled })}>
          {user.disabled ? t('users.enable') : t('users.disable')}
        </button>
      </div>
      {saved && (
        <p className="success" role="status">
          {t('users.rolesSaved')}
        </p>
      )}
      {action.error && <ErrorMessage error={action.error} />}
    </form>
  );
}
