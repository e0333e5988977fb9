// What a page opened by URL says to someone whose roles cannot use it: who it is for, and their roles.
import type { Role } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/en.ts';

export function NotForYourRoles({ title, needed, roles }: { title: MessageKey; needed: readonly Role[]; roles: readonly Role[] }) {
  const { t, lang } = useI18n();
  const list = (rs: readonly string[]) => new Intl.ListFormat(lang === 'de' ? 'de' : 'en-GB', { type: 'disjunction' }).format(rs);
  return (
    <>
      <h1>{t(title)}</h1>
      <p className="notice" role="status" data-testid="not-for-your-roles">
        {t('access.pageFor', {
          roles: list(needed.map((r) => t(`roles.plural.${r}`))),
          yours: roles.length ? roles.map((r) => t(`role.${r}`)).join(', ') : t('common.none'),
        })}
      </p>
    </>
  );
}
