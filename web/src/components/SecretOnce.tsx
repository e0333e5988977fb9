// A secret the server returns once (a new token): shown with a warning and a copy button.
import { useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

export function SecretOnce({ label, secret, onClose }: { label: string; secret: string; onClose(): void }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <div className="secret" role="status">
      <p>
        <strong>{label}</strong>
      </p>
      <p>{t('tokens.shownOnce')}</p>
      <code className="secret-value" data-testid="secret">
        {secret}
      </code>
      <div className="row">
        <button
          type="button"
          onClick={() =>
            navigator.clipboard?.writeText(secret).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? t('common.copied') : t('common.copy')}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </div>
  );
}
