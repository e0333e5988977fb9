import { z } from 'zod';
import { isoTime } from './common.schemas.ts';

export const agreementSchema = z.object({
  id: z.string(),
  ownerAgencyId: z.string(),
  requesterAgencyId: z.string(),
  galleryIds: z.array(z.string()),
  purposes: z.array(z.string()),
  validFrom: isoTime,
  validUntil: isoTime,
  maxCandidates: z.number().int(),
  showImages: z.boolean(),
  reference: z.string(),
  createdBy: z.string(),
  createdAt: isoTime,
  revokedAt: isoTime.nullable(),
  revokedBy: z.string().nullable(),
  status: z.enum(['active', 'not-yet-valid', 'expired', 'revoked']),
});

export const createAgreementBody = z.object({
  requesterAgencyId: z.string().min(1),
  galleryIds: z.array(z.string().min(1)).min(1),
  purposes: z.array(z.string().min(1).max(100)).min(1),
  validFrom: z.iso.datetime({ offset: true }).optional().describe('Default: now'),
  validUntil: z.iso.datetime({ offset: true }),
  maxCandidates: z.number().int().min(1).max(100),
  showImages: z.boolean().describe("Whether the requester's examiners may see gallery images during review"),
  reference: z.string().trim().min(1).max(500).describe('Reference of the underlying legal instrument'),
});

export const agreementAnswer = z.object({ agreement: agreementSchema, logIndex: z.number().int() });
