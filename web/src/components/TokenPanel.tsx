// The tokens of one user: list, issue (the secret shown once), revoke.
import { useState, type FormEvent } from 'react';
import { api, call } from '../api/client.ts';
import type { IssuedToken, Token } from '../api/types.ts';
import { useAction, useLoad } from '../hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';
import { SecretOnce } from './SecretOnce.tsx';

export function TokenPanel({ userId, idPrefix }: { userId: string; idPrefix: string }) {
  const { t, time } = useI18n();
  const tokens = useLoad(() => call(api.GET('/v1/tokens', { params: { query: { userId } } })).then((r) => r.tokens), [userId]);
  const issue = useAction();
  const revoke = useAction();
  const [label, setLabel] = useState('');
  const [days, setDays] = useState('');
  const [issued, setIssued] = useState<IssuedToken>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const expiresInDays = days.trim() === '' ? null : Number(days);
    const r = await issue.run(() => call(api.POST('/v1/tokens', { body: { userId, label, expiresInDays } })));
    if (r) {
      setIssued(r);
      setLabel('');
      setDays('');
      tokens.reload();
    }
  };
  const state = (tok: Token) => (tok.revokedAt ? t('tokens.revoked') : tok.expiresAt && Date.parse(tok.expiresAt) < Date.now() ? t('tokens.expired') : t('tokens.valid'));

  return (
    <div className="token-panel">
      {tokens.error && <ErrorMessage error={tokens.error} onRetry={tokens.reload} />}
      {tokens.data && tokens.data.length === 0 && <p className="muted">{t('tokens.empty')}</p>}
      {tokens.data && tokens.data.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>{t('tokens.label')}</th>
              <th>{t('tokens.state')}</th>
              <th>{t('tokens.created')}</th>
              <th>{t('tokens.expires')}</th>
              <th>{t('tokens.lastUsed')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((tok) => (
              <tr key={tok.id}>
                <td>{tok.label}</td>
                <td>{state(tok)}</td>
                <td>{time(tok.createdAt)}</td>
                <td>{tok.expiresAt ? time(tok.expiresAt) : t('common.never')}</td>
                <td>{tok.lastUsedAt ? time(tok.lastUsedAt) : '—'}</td>
                <td>
                  {!tok.revokedAt && (
                    <button
                      type="button"
                      className="danger small"
                      disabled={revoke.busy}
                      aria-label={t('tokens.revokeLabel', { label: tok.label })}
                      onClick={() => void revoke.run(() => call(api.DELETE('/v1/tokens/{id}', { params: { path: { id: tok.id } } }))).then((r) => r && tokens.reload())}
                    >
                      {t('tokens.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoke.error && <ErrorMessage error={revoke.error} />}
      {issued && <SecretOnce label={`${t('tokens.newToken')}: ${issued.record.label}`} secret={issued.token} onClose={() => setIssued(undefined)} />}
      <form className="inline-form" onSubmit={submit}>
        <label>
          {t('tokens.label')}
          <input id={`${idPrefix}-token-label`} required maxLength={200} value={label} onChange={(e) => setLabel(e.target.value)} />
        </label>
        <label>
          {t('tokens.expiresInDays')}
          <input type="number" min={1} max={3650} value={days} onChange={(e) => setDays(e.target.value)} />
        </label>
        <button type="submit" disabled={issue.busy}>
          {t('tokens.issue')}
        </button>
      </form>
      {issue.error && <ErrorMessage error={issue.error} />}
    </div>
  );
}
