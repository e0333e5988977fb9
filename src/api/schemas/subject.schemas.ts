import { z } from 'zod';
import type { ManifestEntry } from '../../services/enrollment-items.ts';
import { isoTime } from './common.schemas.ts';

export const qualitySchema = z.object({
  score: z.number(),
  verdict: z.enum(['accept', 'warn', 'reject']),
  reasons: z.array(z.string()),
  measures: z.record(z.string(), z.number()),
});

export const coreDataSchema = z.object({
  name: z.string().max(300).optional(),
  dateOfBirth: z.string().max(30).optional(),
  nationality: z.string().max(100).optional(),
  sex: z.string().max(30).optional(),
  reasonOfCapture: z.string().max(500).optional(),
}).strict();

export const enrollFields = z.object({
  subjectRef: z.string().trim().min(1).max(200).optional().describe('Reference for a single image; for several files use manifest'),
  manifest: z.string().optional().describe('JSON object: file name → {subjectRef, coreData?, source?, captureDate?}'),
  coreData: z.string().optional().describe('JSON core data for a single image'),
  source: z.string().trim().min(1).max(300).describe('Provenance: where the images come from'),
  captureDate: z.string().max(40).optional(),
  legalBasis: z.string().trim().max(500).optional().describe("Default: the gallery's legal basis"),
});

export const manifestEntry = z.object({
  subjectRef: z.string().trim().min(1).max(200),
  coreData: coreDataSchema.optional(),
  source: z.string().trim().min(1).max(300).optional(),
  captureDate: z.string().max(40).optional(),
}) satisfies z.ZodType<ManifestEntry>;

/** The enrollment manifest of the API's manifest field and the CLI's --manifest file: file name → entry. */
export const enrollmentManifest = z.record(z.string(), manifestEntry);

export const enrollResultSchema = z.object({
  file: z.string(),
  ok: z.boolean(),
  subjectRef: z.string(),
  subjectId: z.string().optional(),
  sampleId: z.string().optional(),
  quality: qualitySchema.optional(),
  warnings: z.array(z.string()).optional(),
  reason: z.string().optional(),
  code: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
  logIndex: z.number().int().optional(),
});

export const enrollAnswer = z.object({ enrolled: z.number().int(), refused: z.number().int(), results: z.array(enrollResultSchema) });

export const subjectSchema = z.object({
  id: z.string(),
  galleryId: z.string(),
  ref: z.string(),
  hasCoreData: z.boolean(),
  createdAt: isoTime,
  erasedAt: isoTime.nullable(),
  erasureReason: z.string().nullable(),
});

export const provenanceSchema = z.object({ source: z.string(), captureDate: z.string().nullable(), legalBasis: z.string() });

export const sampleSchema = z.object({
  id: z.string(),
  subjectId: z.string(),
  galleryId: z.string(),
  provenance: provenanceSchema,
  quality: z.object({ score: z.number(), verdict: z.string() }),
  modelId: z.string(),
  createdAt: isoTime,
});

export const provenancePatch = z.object({
  source: z.string().trim().min(1).max(300).optional(),
  captureDate: z.string().trim().max(40).nullable().optional().describe('null or "" clears it'),
  legalBasis: z.string().trim().min(1).max(500).optional(),
}).strict();

export const provenanceAnswer = z.object({
  sample: sampleSchema,
  changed: z.array(z.enum(['source', 'captureDate', 'legalBasis'])).describe('The fields whose value changed; logged by name as provenance.change'),
  logIndex: z.number().int().nullable().describe('null when nothing changed (nothing is logged)'),
});

export const eraseBody = z.object({ reason: z.string().trim().min(1).max(500) });
export const erasureAnswer = z.object({ subjectId: z.string(), samplesRemoved: z.number().int(), logIndex: z.number().int(), recipientNotices: z.array(z.string()).describe('Notices sent to the agencies that received the subject in step 2') });
