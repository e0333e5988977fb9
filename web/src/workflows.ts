// The workflows of issue 8. Each lights up in the navigation when the server's OpenAPI document
// offers its routes (workflow-routes.ts). To add a page: write it under pages/ and set `page` here.
import type { ComponentType } from 'react';
import type { MessageKey } from './i18n/en.ts';
import { DisclosurePage } from './pages/DisclosurePage.tsx';
import { EnrollmentPage } from './pages/EnrollmentPage.tsx';
import { HashSetsPage } from './pages/HashSetsPage.tsx';
import { NotificationsPage } from './pages/NotificationsPage.tsx';
import { NoticesPage } from './pages/NoticesPage.tsx';
import { ObjectionsPage } from './pages/ObjectionsPage.tsx';
import { OversightPage } from './pages/OversightPage.tsx';
import { ReviewPage } from './pages/ReviewPage.tsx';
import { SearchPage } from './pages/SearchPage.tsx';
import { SubjectsPage } from './pages/SubjectsPage.tsx';
import { TriagePage } from './pages/TriagePage.tsx';
import { VerificationPage } from './pages/VerificationPage.tsx';
import { workflowRoutes, type WorkflowId } from './workflow-routes.ts';

export interface Workflow {
  id: WorkflowId;
  path: string;
  label: MessageKey;
  purpose: MessageKey;
  routes: readonly RegExp[];
  /** The page, once this workbench has one. */
  page?: ComponentType;
}

export const workflows: readonly Workflow[] = [
  { id: 'search', path: '/search', label: 'nav.search', purpose: 'workflow.search', routes: workflowRoutes.search, page: SearchPage },
  { id: 'review', path: '/review', label: 'nav.review', purpose: 'workflow.review', routes: workflowRoutes.review, page: ReviewPage },
  { id: 'disclosure', path: '/disclosure', label: 'nav.disclosure', purpose: 'workflow.disclosure', routes: workflowRoutes.disclosure, page: DisclosurePage },
  { id: 'verification', path: '/verification', label: 'nav.verification', purpose: 'workflow.verification', routes: workflowRoutes.verification, page: VerificationPage },
  { id: 'enrollment', path: '/enrollment', label: 'nav.enrollment', purpose: 'workflow.enrollment', routes: workflowRoutes.enrollment, page: EnrollmentPage },
  { id: 'subjects', path: '/subjects', label: 'nav.subjects', purpose: 'workflow.subjects', routes: workflowRoutes.subjects, page: SubjectsPage },
  { id: 'notifications', path: '/notifications', label: 'nav.notifications', purpose: 'workflow.notifications', routes: workflowRoutes.notifications, page: NotificationsPage },
  { id: 'objections', path: '/objections', label: 'nav.objections', purpose: 'workflow.objections', routes: workflowRoutes.objections, page: ObjectionsPage },
  { id: 'hashsets', path: '/hashsets', label: 'nav.hashsets', purpose: 'workflow.hashsets', routes: workflowRoutes.hashsets, page: HashSetsPage },
  { id: 'triage', path: '/triage', label: 'nav.triage', purpose: 'workflow.triage', routes: workflowRoutes.triage, page: TriagePage },
  { id: 'notices', path: '/notices', label: 'nav.notices', purpose: 'workflow.notices', routes: workflowRoutes.notices, page: NoticesPage },
  { id: 'oversight', path: '/oversight', label: 'nav.oversight', purpose: 'workflow.oversight', routes: workflowRoutes.oversight, page: OversightPage },
];

