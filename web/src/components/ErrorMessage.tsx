// A refused or failed request, told in the user's language, with the code and request id to quote.
import type { ApiError } from '../api/errors.ts';
import { isMessageKey, useI18n } from '../i18n/i18n.tsx';

export function ErrorMessage({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useI18n();
  const key = `error.${error.code}`;
  const summary = isMessageKey(key) ? t(key) : t('error.other');
  return (
    <div className="error" role="alert" data-code={error.code}>
      <p className="error-summary">{summary}</p>
      {error.message && error.message !== summary && <p className="error-detail">{error.message}</p>}
      {error.issues.length > 0 && (
        <ul className="error-issues">
          {error.issues.map((i) => (
            <li key={`${i.path}:${i.message}`}>
              <code>{i.path}</code> {i.message}
            </li>
          ))}
        </ul>
      )}
      <p className="error-meta">
        {t('error.code')}: <code>{error.code}</code>
        {error.requestId && (
          <>
            {' · '}
            {t('error.requestId')}: <code>{error.requestId}</code>
          </>
        )}
      </p>
      {onRetry && (
        <button type="button" className="secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
