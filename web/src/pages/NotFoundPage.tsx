import { Link } from '../components/Link.tsx';
import { useI18n } from '../i18n/i18n.tsx';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('notFound.heading')}</h1>
      <p>
        <Link href="/">{t('notFound.back')}</Link>
      </p>
    </>
  );
}
