import { mayOpen } from '../access.ts';
import { offers, type Capabilities } from '../api/capabilities.ts';
import { Link } from '../components/Link.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session.tsx';
import { workflows } from '../workflows.ts';

export function OverviewPage({ caps }: { caps?: Capabilities }) {
  const { t } = useI18n();
  const { me, agency } = useSession();
  return (
    <>
      <h1>{t('overview.heading')}</h1>
      <div className="cards">
        <section className="panel" aria-labelledby="ov-me">
          <h2 id="ov-me">{t('overview.me')}</h2>
          <dl>
            <dt>{t('overview.name')}</dt>
            <dd data-testid="me-name">{me.name}</dd>
            <dt>{t('overview.roles')}</dt>
            <dd>{me.roles.map((r) => <span key={r} className="tag">{t(`role.${r}`)}</span>)}</dd>
            <dt>{t('overview.userId')}</dt>
            <dd><code>{me.id}</code></dd>
          </dl>
        </section>
        <section className="panel" aria-labelledby="ov-agency">
          <h2 id="ov-agency">{t('overview.agency')}</h2>
          <dl>
            <dt>{t('overview.name')}</dt>
            <dd data-testid="agency-name">{agency.name}</dd>
            <dt>{t('overview.country')}</dt>
            <dd>{agency.country ?? '—'}</dd>
            <dt>{t('overview.host')}</dt>
            <dd>{agency.isHost ? t('common.yes') : t('common.no')}</dd>
          </dl>
        </section>
      </div>
      <section className="panel" aria-labelledby="ov-wf">
        <h2 id="ov-wf">{t('overview.workflows')}</h2>
        {caps && <p className="muted">{t('overview.version', { version: caps.version })}</p>}
        <ul className="workflow-list">
          {workflows.filter((w) => mayOpen(me.roles, w.path)).map((w) => {
            const available = caps ? offers(caps, w.routes) : false;
            return (
              <li key={w.id}>
                <Link href={w.path}>{t(w.label)}</Link>{' '}
                <span className={available ? 'tag ok' : 'tag'}>{available ? t('overview.available') : t('overview.unavailable')}</span>
                <div className="muted">{t(w.purpose)}</div>
              </li>
            );
          })}
        </ul>
      </section>
    </>
  );
}
