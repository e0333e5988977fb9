// Every search and verification names why it runs: purpose, case and the authorisation behind it.
import { fail } from './errors.ts';

export interface CaseFields {
  purpose: string;
  caseRef: string;
  authorisationRef: string;
}

/** Throws ABG_ERR_VALIDATION naming the first of purpose, caseRef, authorisationRef that is empty. */
export function requireCaseFields(input: CaseFields, action: 'search' | 'verification'): void {
  for (const k of ['purpose', 'caseRef', 'authorisationRef'] as const) {
    const v = input[k];
    if (!v || !v.trim()) fail('ABG_ERR_VALIDATION', `${k} is required for every ${action}.`);
  }
}
