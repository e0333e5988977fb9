import { z } from 'zod';
import { disagreementRules } from '../../domain/workflow.ts';
import { isoTime } from './common.schemas.ts';

export const agencySchema = z.object({
  id: z.string(),
  name: z.string(),
  country: z.string().nullable(),
  isHost: z.boolean().describe('The agency that runs this installation'),
  reviewsRequired: z.union([z.literal(1), z.literal(2)]).describe('Examiner decisions a potential hit needs'),
  singleReviewBasis: z.string().nullable().describe('The legal basis recorded when one review suffices'),
  onDisagreement: z.enum(disagreementRules).describe('When two examiners split on a hit (match against no-match): a third examiner decides, or the hit is inconclusive'),
  createdAt: isoTime,
});

export const createAgencyBody = z.object({
  name: z.string().trim().min(1).max(200),
  country: z.string().trim().min(2).max(10).nullable().optional(),
});

export const updateAgencyBody = createAgencyBody.partial().extend({
  reviewsRequired: z.union([z.literal(1), z.literal(2)]).optional().describe('2 by default; 1 only where law allows, with singleReviewBasis'),
  singleReviewBasis: z.string().trim().min(1).max(500).nullable().optional(),
  onDisagreement: z.enum(disagreementRules).optional().describe("third-examiner by default; set by the agency's own admins"),
});

export const createAgencyWithAdminBody = createAgencyBody.extend({
  adminName: z.string().trim().min(1).max(200).optional().describe("Also create the agency's first admin; its token is returned once"),
});

