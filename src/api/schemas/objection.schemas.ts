import { z } from 'zod';
import { evidenceHashKinds } from '../../services/ports/evidence-signals.ts';
import { objectionPurposes, objectionStages } from '../../domain/objection.ts';
import { agencyRecord, isoTime } from './common.schemas.ts';

const purpose = z.enum(objectionPurposes);
const stage = z.enum(objectionStages);

export const objectionSchema = z.object({
  ...agencyRecord,
  reference: z.string(),
  purposes: z.array(purpose),
  status: z.enum(['active', 'withdrawn']),
  faceConsent: z.boolean(),
  createdBy: z.string(),
  createdAt: isoTime,
  withdrawnAt: isoTime.nullable(),
  withdrawnBy: z.string().nullable(),
  withdrawalReason: z.string().nullable(),
});

export const reachSchema = z.object({
  exact: z.object({ digests: z.number().int() }),
  perceptual: z.object({ hashes: z.number().int(), imagesWithAllRotationsAndFlips: z.number().int() }),
  audio: z.object({ recordings: z.number().int() }),
  face: z.object({ reference: z.boolean(), modelId: z.string().optional() }),
}).describe('What the objection can reach, per stage');

const stageCounts = z.object({ exact: z.number().int(), perceptual: z.number().int(), audio: z.number().int(), face: z.number().int() });

export const fileFields = z.object({
  reference: z.string().trim().min(1).max(200).describe("The controller's reference for the request (never the person's name)"),
  purposes: z.array(purpose).min(1).describe('search, ai-training, all (repeatable or comma-separated)'),
  hashes: z.string().optional().describe('JSON array of {kind: sha256|md5|pdq|audio, value}; an audio value is <seconds>:<base64>, as hash-set exports write it'),
  consentRef: z.string().trim().min(1).max(300).optional().describe("Only with the person's explicit consent: keep a face reference from the evidence images"),
  faceModelId: z.string().max(200).optional(),
});
export const hashList = z.array(z.union([
  z.object({ kind: z.enum(evidenceHashKinds), value: z.string().max(200) }),
  // A 3-hour recording's fingerprint is about 470,000 characters; the whole field is bounded by the upload limits.
  z.object({ kind: z.literal('audio'), value: z.string().max(1_000_000) }),
])).max(10_000);

export const fileAnswer = z.object({ objection: objectionSchema, reach: reachSchema, matched: stageCounts, logIndex: z.number().int() });

export const matchSchema = z.object({ objectionId: z.string(), sampleId: z.string(), galleryId: z.string(), stage, measure: z.number(), createdAt: isoTime });
export const objectionDetail = z.object({ objection: objectionSchema, reach: reachSchema, matched: stageCounts, matches: z.array(matchSchema) });

export const withdrawBody = z.object({ reason: z.string().trim().min(1).max(500) });
export const withdrawAnswer = z.object({ objection: objectionSchema, logIndex: z.number().int() });

const stageResult = z.object({
  stage, checked: z.boolean(), caught: z.boolean(), objectionId: z.string().optional(), measure: z.number().optional(), variant: z.string().optional(),
  offsetSeconds: z.number().optional().describe('Audio only: where the item starts inside the objected recording'), note: z.string().optional(),
});
export const reachAnswer = z.object({
  objectionId: z.string(),
  caught: stageCounts,
  notCaught: z.number().int(),
  results: z.array(z.object({ file: z.string(), stage: stage.nullable(), objectionId: z.string().nullable(), measure: z.number().nullable(), stages: z.array(stageResult) })),
  logIndex: z.number().int(),
});

const manifestItem = z.object({ sampleId: z.string(), subjectRef: z.string(), fileName: z.string().nullable(), modelId: z.string(), createdAt: isoTime });
export const manifestQuery = z.object({ purpose: z.enum(['ai-training', 'search']).default('ai-training') });
export const manifestAnswer = z.object({
  galleryId: z.string(),
  purpose: purpose,
  createdAt: isoTime,
  counts: z.object({ items: z.number().int(), excluded: z.number().int(), excludedByStage: stageCounts.omit({ audio: true }).describe('Stored samples are photos: only the image stages reach them') }),
  items: z.array(manifestItem),
  excluded: z.array(manifestItem.extend({ objectionId: z.string(), stage, measure: z.number() })).describe('Items left out, each with the objection and the stage that caught it'),
  logIndex: z.number().int(),
});
