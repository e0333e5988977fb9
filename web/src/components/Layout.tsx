// The frame around every signed-in page: header, navigation, language switch.
import type { ReactNode } from 'react';
import { mayOpen } from '../access.ts';
import { offers, type Capabilities } from '../api/capabilities.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session.tsx';
import { workflows } from '../workflows.ts';
import type { MessageKey } from '../i18n/en.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { Link } from './Link.tsx';

const pages: { path: string; label: MessageKey }[] = [
  { path: '/', label: 'nav.overview' },
  { path: '/galleries', label: 'nav.galleries' },
  { path: '/users', label: 'nav.users' },
  { path: '/agencies', label: 'nav.agencies' },
  { path: '/models', label: 'nav.models' },
];

export function Layout({ path, caps, children }: { path: string; caps?: Capabilities; children: ReactNode }) {
  const { t } = useI18n();
  const session = useSession();
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">{t('app.title')}</span>
        <span className="spacer" />
        <span className="who">
          {t('signedInAs', { name: session.me.name })} · {session.agency.name}
        </span>
        <LanguageSwitch />
        <button type="button" className="secondary" onClick={() => session.end()}>
          {t('logout')}
        </button>
      </header>
      <nav className="sidebar" aria-label={t('nav.main')}>
        <ul>
          {pages.map((p) => (
            <li key={p.path}>
              <Link href={p.path} aria-current={path === p.path ? 'page' : undefined}>
                {t(p.label)}
              </Link>
            </li>
          ))}
        </ul>
        <h2 className="nav-heading">{t('nav.workflows')}</h2>
        <ul>
          {workflows.filter((w) => mayOpen(session.me.roles, w.path)).map((w) => {
            const available = caps ? offers(caps, w.routes) : false;
            return (
              <li key={w.id}>
                <Link
                  href={w.path}
                  className={available ? undefined : 'unavailable'}
                  aria-current={path === w.path ? 'page' : undefined}
                  title={available ? undefined : t('nav.notYet')}
                  data-available={available}
                >
                  <span>{t(w.label)}</span>
                  {!available && (
                    <span className="nav-later">
                      <span className="visually-hidden">(</span>
                      {t('nav.later')}
                      <span className="visually-hidden">: {t('nav.notYet')})</span>
                    </span>
                  )}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <main className="content">{children}</main>
    </div>
  );
}
