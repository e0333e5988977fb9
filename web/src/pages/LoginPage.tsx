import { useState, type FormEvent } from 'react';
import { toApiError, type ApiError } from '../api/errors.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { signIn, type SessionData } from '../session.tsx';

/** Sign-in with an API token; `ended` says why the last session ended, if the server ended it. */
export function LoginPage({ ended, onSignedIn }: { ended?: ApiError; onSignedIn(s: SessionData): void }) {
  const { t } = useI18n();
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(ended);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await signIn(token.trim()));
    } catch (err) {
      setError(toApiError(err));
      setBusy(false);
    }
  };

  return (
    <div className="login">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <form className="panel login-panel" onSubmit={submit}>
        <h1>{t('app.title')}</h1>
        <p className="muted">{t('app.tagline')}</p>
        <h2>{t('login.heading')}</h2>
        <p>{t('login.explain')}</p>
        <label htmlFor="token">{t('login.token')}</label>
        <input id="token" type="password" autoComplete="off" spellCheck={false} required value={token} onChange={(e) => setToken(e.target.value)} />
        <button type="submit" disabled={busy}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
        {error && <ErrorMessage error={error} />}
      </form>
    </div>
  );
}
