import { z } from 'zod';
import { mediaTypes, triageVerdicts } from '../../domain/media.ts';
import { objectionStages } from '../../domain/objection.ts';
import { hashSetFormatIds } from '../../interop/registry.ts';
import { agencyRecord, isoTime } from './common.schemas.ts';

export const hashSetSchema = z.object({
  ...agencyRecord,
  name: z.string(),
  source: z.string(),
  categoryScheme: z.string().describe('How categories are read, e.g. "vics"'),
  entryCount: z.number().int(),
  createdAt: isoTime,
});

export const hashSetImportFields = z.object({
  name: z.string().trim().min(1).max(200).describe('Hash set name; an existing set of your agency with this name is appended to'),
  source: z.string().trim().min(1).max(500).describe('Where the list comes from'),
  categoryScheme: z.string().trim().min(1).max(100).describe('Category scheme, e.g. vics'),
  format: z.enum(hashSetFormatIds).describe('vics (VICS 2.0 JSON) or csv'),
  defaultCategory: z.string().trim().min(1).max(100).optional().describe('CSV without a category column: the category of every row'),
});

export const hashSetImportAnswer = z.object({
  hashSet: hashSetSchema,
  imported: z.number().int(),
  errors: z.array(z.object({ row: z.number().int().describe('CSV: 1-based line; VICS: 0-based index into Media'), reason: z.string() })),
  logIndex: z.number().int(),
});

export const hashSetExportQuery = z.object({ format: z.enum(hashSetFormatIds).default('vics') });

const coded = z.object({ code: z.string(), message: z.string() });

export const triageFields = z.object({
  caseRef: z.string().trim().min(1).max(200),
  galleryId: z.string().min(1).max(100).optional().describe('A media gallery of your agency; the run adds its files to it'),
  faceModelId: z.string().min(1).max(200).optional().describe('List the faces found in photos, detected with this model (see GET /v1/models)'),
});

const matchSchema = z.object({
  source: z.enum(['hash-set', 'media', 'batch']),
  signal: z.enum(['sha256', 'md5', 'sha1', 'pdq', 'vpdq', 'audio']),
  hashSetId: z.string().optional(),
  hashSetName: z.string().optional(),
  category: z.string().optional(),
  mediaItemId: z.string().optional(),
  galleryId: z.string().optional(),
  file: z.string().optional(),
  distance: z.number().int().optional(),
  variant: z.string().optional().describe('Which of the 8 dihedral variants matched (rotations/flips)'),
  percent: z.object({ query: z.number(), target: z.number() }).optional(),
  offsetSeconds: z.number().optional().describe('Audio: where this file starts inside the matched recording, in seconds'),
  ber: z.number().optional().describe('Audio: bit error rate of the fingerprints at that offset (0–1)'),
});

export const triageResultSchema = z.object({
  seq: z.number().int(),
  file: z.string(),
  size: z.number().int().nullable(),
  type: z.enum(mediaTypes).nullable(),
  sha256: z.string().nullable(),
  md5: z.string().nullable(),
  sha1: z.string().nullable(),
  pdq: z.object({ hash: z.string(), quality: z.number().int() }).nullable(),
  vpdqFrames: z.number().int().nullable(),
  audioSeconds: z.number().optional().describe('Length of the fingerprinted audio (a recording or a video sound track)'),
  video: z.object({ container: z.string(), codec: z.string(), width: z.number(), height: z.number(), fps: z.number(), durationSeconds: z.number().nullable() }).nullable(),
  exif: z.object({ make: z.string().optional(), model: z.string().optional(), captureTime: z.string().optional(), gps: z.object({ latitude: z.number(), longitude: z.number() }).optional() }).nullable(),
  verdict: z.enum(triageVerdicts),
  categories: z.array(z.string()),
  matches: z.array(matchSchema),
  cluster: z.number().int().nullable(),
  error: coded.nullable(),
  mediaItemId: z.string().nullable(),
  faces: z.array(z.object({ box: z.array(z.number()), detectionScore: z.number(), quality: z.string(), frameSeconds: z.number().optional() })).optional(),
  objection: z.object({ stage: z.enum(objectionStages), objectionId: z.string(), measure: z.number(), reference: z.string().optional().describe("The objection's own reference (the controller's case or letter number)") }).optional()
    .describe('Set when an active objection of your agency reaches the file: the stage that caught it (exact digest, perceptual hash incl. rotations/flips, consented face)'),
});

export const triageRunSchema = z.object({
  ...agencyRecord,
  userId: z.string(),
  caseRef: z.string(),
  galleryId: z.string().nullable(),
  counts: z.record(z.string(), z.number().int()),
  createdAt: isoTime,
  finishedAt: isoTime,
});

export const triageReportSchema = z.object({ run: triageRunSchema, results: z.array(triageResultSchema), logIndex: z.number().int().optional() });
