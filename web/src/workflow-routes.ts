// Which operations of /openapi.json make each workflow available, matched against "METHOD /path".
// Kept apart from the pages so that it can be tested without a browser.
export const workflowIds = ['search', 'review', 'disclosure', 'verification', 'enrollment', 'subjects', 'notifications', 'objections', 'hashsets', 'triage', 'notices', 'oversight'] as const;
export type WorkflowId = (typeof workflowIds)[number];

export const workflowRoutes: Record<WorkflowId, readonly RegExp[]> = {
  search: [/^POST \/v1\/(searches|search)\b/],
  review: [/ \/v1\/(hits|potential-hits|reviews)\b/],
  disclosure: [/ \/v1\/disclosures?\b/],
  verification: [/^POST \/v1\/verifications\b/],
  subjects: [/^GET \/v1\/galleries\/\{[^}]+\}\/subjects\b/, /^DELETE \/v1\/subjects\//],
  notifications: [/^GET \/v1\/notifications\b/],
  objections: [/ \/v1\/objections\b/],
  hashsets: [/ \/v1\/hashsets\b/],
  enrollment: [/^POST \/v1\/(enrollments|galleries\/\{[^}]+\}\/(samples|subjects|enrollments))\b/],
  triage: [/ \/v1\/(triage|media)\b/],
  notices: [/^GET \/v1\/notices\b/],
  oversight: [/ \/v1\/(log|statistics|stats|checkpoints|agreements)\b/],
};
