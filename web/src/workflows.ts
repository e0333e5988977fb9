// The workflows of issue 8. Each lights up in the navigation when the server's OpenAPI document
// offers its routes. To add a page: write it under pages/ and set `page` here.
import type { ComponentType } from 'react';
import type { MessageKey } from './i18n/en.ts';

export interface Workflow {
  id: 'search' | 'review' | 'disclosure' | 'enrollment' | 'triage' | 'oversight';
  path: string;
  label: MessageKey;
  purpose: MessageKey;
  /** Matched against "METHOD /path" of every operation in /openapi.json. */
  routes: readonly RegExp[];
  /** The page, once this workbench has one. */
  page?: ComponentType;
}

export const workflows: readonly Workflow[] = [
  { id: 'search', path: '/search', label: 'nav.search', purpose: 'workflow.search', routes: [/^POST \/v1\/(searches|search)\b/] },
  { id: 'review', path: '/review', label: 'nav.review', purpose: 'workflow.review', routes: [/ \/v1\/(hits|potential-hits|reviews)\b/] },
  { id: 'disclosure', path: '/disclosure', label: 'nav.disclosure', purpose: 'workflow.disclosure', routes: [/ \/v1\/disclosures?\b/] },
  { id: 'enrollment', path: '/enrollment', label: 'nav.enrollment', purpose: 'workflow.enrollment', routes: [/^POST \/v1\/(enrollments|galleries\/\{[^}]+\}\/(samples|subjects|enrollments))\b/] },
  { id: 'triage', path: '/triage', label: 'nav.triage', purpose: 'workflow.triage', routes: [/ \/v1\/(triage|media)\b/] },
  { id: 'oversight', path: '/oversight', label: 'nav.oversight', purpose: 'workflow.oversight', routes: [/ \/v1\/(log|statistics|stats|checkpoints|agreements)\b/] },
];
