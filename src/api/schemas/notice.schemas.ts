// Schemas of circulated notices about unknown persons (routes /v1/notices).
import { z } from 'zod';
import { noticeRecipientStates, noticeSourceKinds, personNoticeStates } from '../../domain/person-notice.ts';
import { isoTime } from './common.schemas.ts';

// Text fields stay loose here: the service checks them and answers ABG_ERR_NOTICE_INVALID with the field.
const loose = z.string().max(4000).optional();

export const noticeFields = z.object({
  purpose: loose,
  legalBasis: loose,
  caseRef: loose,
  description: loose,
  recipients: z.array(z.string().min(1).max(200)).max(200).optional().describe('Agency ids or names (comma-separated or repeated), or "all": every agency accepting notices for the purpose'),
  validUntil: loose.describe('ISO 8601 time the notice expires (within a year)'),
  source: z.enum(noticeSourceKinds).default('upload').describe('upload, triage (with triageRunId and seq of the seized file) or search (with searchId of a search without hits)'),
  triageRunId: z.string().max(100).optional(),
  seq: z.coerce.number().int().min(0).optional(),
  searchId: z.string().max(100).optional(),
});

const content = {
  id: z.string(),
  purpose: z.string(),
  legalBasis: z.string(),
  caseRef: z.string(),
  description: z.string(),
  validUntil: isoTime,
  state: z.enum(personNoticeStates),
  sourceKind: z.enum(noticeSourceKinds),
  probeKept: z.boolean().describe('False once the probe and its templates were destroyed (withdrawal or expiry)'),
};

export const noticeRecipientSchema = z.object({
  agencyId: z.string(),
  agencyName: z.string(),
  state: z.enum(noticeRecipientStates),
  reason: z.string().nullable().describe("The decline's reason"),
  decidedAt: isoTime.nullable(),
  answer: z.enum(['pending', 'hit', 'no-hit']).nullable().describe("Accepted recipients: hit once its examiners confirmed one, no-hit once all candidates were reviewed; pending meanwhile"),
  references: z.array(z.string()).describe('Opaque references of confirmed hits, for a disclosure request'),
});

export const issuedNoticeSchema = z.object({
  ...content,
  recipientMode: z.enum(['named', 'all']),
  sourceRef: z.string(),
  createdBy: z.string(),
  createdAt: isoTime,
  approvedBy: z.string().nullable(),
  approvedAt: isoTime.nullable(),
  endedAt: isoTime.nullable(),
  recipients: z.array(noticeRecipientSchema),
});

export const receivedNoticeSchema = z.object({
  ...content,
  issuerAgencyId: z.string(),
  issuerAgencyName: z.string(),
  receivedAt: isoTime,
  myState: z.enum(noticeRecipientStates),
  galleryIds: z.array(z.string()),
  reason: z.string().nullable(),
  decidedAt: isoTime.nullable(),
  hitIds: z.array(z.string()).describe('Potential hits in your galleries; your examiners review them under /v1/hits'),
});

export const acceptBody = z.object({ galleryIds: z.array(z.string().min(1)).max(100) });
export const declineBody = z.object({ reason: z.string().max(2000) });
export const noticeDisclosureBody = z.object({ reference: z.string().min(1).max(100), justification: z.string().max(4000) });
export const noticeSettingsBody = z.object({ purposes: z.array(z.string().max(200)).max(50) });

export const noticeCountsQuery = z.object({
  agency: z.string().min(1).max(200).optional().describe('The agency counted; default your own; "*" for every agency (host-agency auditors)'),
  from: isoTime.optional(),
  to: isoTime.optional().describe('exclusive'),
});

const count = z.number().int();
export const noticeCountRowSchema = z.object({ agency: z.string(), year: z.string(), issued: count, received: count, accepted: count, declined: count, answered: count, hit: count, disclosed: count });
