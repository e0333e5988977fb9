// A workflow's page, or a note that this server (or this workbench) does not offer it yet.
import { mayOpen, pageRoles } from '../access.ts';
import { offers, type Capabilities } from '../api/capabilities.ts';
import { NotForYourRoles } from '../components/NotForYourRoles.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session.tsx';
import type { Workflow } from '../workflows.ts';

export function WorkflowPage({ workflow, caps }: { workflow: Workflow; caps?: Capabilities }) {
  const { t } = useI18n();
  const { me } = useSession();
  const available = caps ? offers(caps, workflow.routes) : false;
  if (!mayOpen(me.roles, workflow.path)) return <NotForYourRoles title={workflow.label} needed={pageRoles[workflow.path]!} roles={me.roles} />;
  if (available && workflow.page) return <workflow.page />;
  return (
    <>
      <h1>{t(workflow.label)}</h1>
      <p>{t(workflow.purpose)}</p>
      <div className="notice" role="status" data-testid="workflow-status">
        {available ? t('workflow.noPage') : t('workflow.unavailable')}
      </div>
    </>
  );
}
