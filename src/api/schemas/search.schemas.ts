import { z } from 'zod';
import { galleryIndexStatusSchema } from './gallery.schemas.ts';
import { disagreementRules } from '../../domain/workflow.ts';
import { coreDataSchema, qualitySchema } from './subject.schemas.ts';
import { isoTime } from './common.schemas.ts';

const ref = z.string().trim().min(1).max(300);

export const faceGeometrySchema = z.object({
  box: z.array(z.number()).length(4).describe('x, y, width, height in image pixels'),
  landmarks: z.array(z.object({ name: z.string(), x: z.number(), y: z.number() })).describe('Named landmarks in image pixels (iBUG 68-point names, subject’s view)'),
});

export const hitFacesSchema = z.object({
  probe: faceGeometrySchema.nullable().describe('The searched face in the probe image; null when it is no longer kept'),
  candidate: faceGeometrySchema.nullable().describe("The face in the gallery image; null where the owner's agreement hides the image"),
});

export const searchFields = z.object({
  purpose: ref,
  caseRef: ref,
  authorisationRef: ref.describe('Reference of the authorisation (AI Act Art. 26(10))'),
  galleryIds: z.array(z.string().min(1)).optional().describe('Default: every gallery you may search for the purpose'),
  mode: z.enum(['identification', 'investigation']).default('identification'),
  topK: z.coerce.number().int().min(1).max(100).optional(),
});

export const searchableQuery = z.object({
  purpose: z.string().trim().min(1).max(300).optional().describe('Only galleries that may be searched for this purpose; default: any purpose'),
});

export const searchableGallerySchema = z.object({
  id: z.string(),
  name: z.string(),
  ownerAgencyName: z.string(),
  own: z.boolean().describe("True for your agency's galleries; false for a gallery another agency shares under an active agreement"),
  purposes: z.array(z.string()).describe('Purposes it may be searched for (for a shared gallery: those the gallery and the agreement both allow)'),
  maxCandidates: z.number().int().describe("Candidates per search at most (for a shared gallery: the agreement's limit)"),
  validUntil: isoTime.nullable().describe("End of the agreement; null for your own galleries"),
});

export const searchAnswer = z.object({
  searchId: z.string(),
  mode: z.enum(['identification', 'investigation']),
  purpose: z.string(),
  caseRef: z.string(),
  probeQuality: qualitySchema,
  probeFace: faceGeometrySchema.describe('The searched face in the probe'),
  galleries: z.array(z.object({
    galleryId: z.string(),
    galleryName: z.string(),
    threshold: z.number(),
    index: galleryIndexStatusSchema,
    candidates: z.array(z.object({ hitId: z.string(), score: z.number(), fmrAtScore: z.number(), rank: z.number().int(), aboveThreshold: z.boolean() })),
  })),
  skipped: z.array(z.object({
    galleryId: z.string(),
    galleryName: z.string(),
    reason: z.literal('accuracy-gate'),
    expectedFpir: z.number(),
    requiredFpir: z.number().nullable(),
  })).describe('Galleries of the default scope left out of an identification search because their declared reliability is not met'),
  logIndex: z.number().int(),
});

export const verifyFields = z.object({
  subjectId: z.string().min(1).optional().describe('A subject of your galleries (or one an approved disclosure revealed to you)'),
  disclosureId: z.string().min(1).optional().describe('Instead of subjectId: an approved disclosure your agency requested; verifies the subject it released'),
  purpose: ref, caseRef: ref, authorisationRef: ref,
});
export const verifyAnswer = z.object({
  verificationId: z.string(),
  score: z.number(),
  fmrAtScore: z.number(),
  threshold: z.number(),
  decision: z.enum(['match', 'no-match']),
  samplesCompared: z.number().int(),
  logIndex: z.number().int(),
});

export const hitSchema = z.object({
  hitId: z.string(),
  searchId: z.string(),
  galleryId: z.string(),
  score: z.number(),
  fmrAtScore: z.number(),
  rank: z.number().int(),
  aboveThreshold: z.boolean(),
  state: z.enum(['pending', 'confirmed', 'rejected', 'inconclusive']),
  reviewsRequired: z.number().int(),
  reviewsIn: z.number().int().describe('How many examiners decided so far'),
  awaitingTieBreak: z.boolean().describe('The required examiners split; a third, different examiner decides next'),
  onDisagreement: z.enum(disagreementRules).describe("What settles a split, as the requester's agency had set it when the hit was found"),
  reviews: z
    .array(z.object({
      examinerId: z.string(), decision: z.string(), note: z.string(),
      belowThresholdAcknowledged: z.boolean().describe('A match confirmed although the score is below the threshold'),
      tieBreak: z.boolean().describe("The third examiner's decision that settled a split"),
      createdAt: isoTime,
    }))
    .describe("Blind review: while the hit is pending only the caller's own review; once concluded every review"),
  purpose: z.string(),
  caseRef: z.string(),
  mode: z.string(),
  candidateImageAllowed: z.boolean(),
  candidateQuality: z.object({ score: z.number(), verdict: z.string() }),
  createdAt: isoTime,
  decidedAt: isoTime.nullable(),
});

export const reviewBody = z.object({
  decision: z.enum(['match', 'no-match', 'inconclusive']),
  note: z.string().trim().min(1).max(2000),
  acknowledgeBelowThreshold: z.boolean().optional().describe("Required (true) with a match on a candidate below the gallery's threshold; recorded with the review"),
});

export const disclosureSchema = z.object({
  id: z.string(),
  hitId: z.string(),
  requesterAgencyId: z.string(),
  ownerAgencyId: z.string(),
  caseRef: z.string(),
  justification: z.string(),
  state: z.enum(['pending', 'approved', 'denied']),
  requestedBy: z.string(),
  createdAt: isoTime,
  decidedBy: z.string().nullable(),
  decidedAt: isoTime.nullable(),
  decisionNote: z.string().nullable(),
});

export const disclosureViewSchema = disclosureSchema.extend({
  requesterAgencyName: z.string(),
  ownerAgencyName: z.string(),
  purpose: z.string().describe('Purpose of the search that found the hit'),
  score: z.number(),
  fmrAtScore: z.number().describe('False match rate of the model at this score'),
  aboveThreshold: z.boolean(),
  findings: z.array(z.object({
    decision: z.enum(['match', 'no-match', 'inconclusive']),
    note: z.string(),
    belowThresholdAcknowledged: z.boolean(),
    tieBreak: z.boolean(),
    createdAt: isoTime,
  })).describe("The examiners' decisions and notes on the concluded hit"),
});

export const disclosureRequestBody = z.object({ justification: z.string().trim().min(1).max(4000) });
export const disclosureDecisionBody = z.object({ approve: z.boolean(), note: z.string().trim().min(1).max(4000) });
export const coreDataAnswer = z.object({
  disclosureId: z.string(),
  hitId: z.string(),
  caseRef: z.string(),
  subjectRef: z.string(),
  coreData: coreDataSchema,
  onwardTransfer: z.literal('prohibited'),
  logIndex: z.number().int(),
});
