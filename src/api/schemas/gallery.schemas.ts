import { z } from 'zod';
import { galleryKinds } from '../../domain/entities.ts';
import { agencyRecord, isoTime } from './common.schemas.ts';

const purpose = z.string().trim().min(1).max(100).regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase words joined by hyphens');

export const galleryIndexStatusSchema = z.object({
  kind: z.enum(['exact', 'hnsw']),
  recallAtK: z.number().optional().describe('HNSW: share of the exact scan\'s top k it returned, measured on a sample of the gallery\'s own templates'),
  k: z.number().int().optional(),
  measuredAt: isoTime.optional(),
  sample: z.number().int().optional().describe('Number of probes of the last measurement'),
  building: z.enum(['exact', 'hnsw']).optional().describe('Another index is being built; searches use `kind` until it is swapped in'),
}).describe('The index the gallery\'s searches are answered from');

export const galleryNameSchema = z.object({ id: z.string(), name: z.string(), agencyId: z.string() });

export const gallerySchema = z.object({
  ...agencyRecord,
  name: z.string(),
  kind: z.enum(galleryKinds),
  legalBasis: z.string(),
  purposes: z.array(z.string()),
  retentionDays: z.number().int(),
  modelId: z.string().nullable(),
  thresholdFmr: z.number().describe('Target false-match rate of the candidate threshold'),
  requiredFpir: z.number().nullable().describe('Declared reliability: highest FPIR at which automatic identification may run; null allows investigation mode only'),
  maxCandidates: z.number().int(),
  keepGps: z.boolean().describe('Media galleries: EXIF GPS coordinates are kept (otherwise stripped on ingest)'),
  createdAt: isoTime,
  index: galleryIndexStatusSchema.optional().describe('Face galleries: the index answering their searches (configuration key faceIndexByGallery)'),
});

export const createGalleryBody = z.object({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(galleryKinds),
  legalBasis: z.string().trim().min(1).max(500).describe('The law or decision under which the samples are held'),
  purposes: z.array(purpose).min(1).describe('Purposes for which the gallery may be searched'),
  retentionDays: z.number().int().min(1).max(36500),
  modelId: z.string().min(1).max(200).nullable().optional().describe('Embedding model id; required for face galleries'),
  thresholdFmr: z.number().min(1e-9).max(0.1).optional().describe('Target false-match rate of the candidate threshold (default 1e-4)'),
  requiredFpir: z.number().min(1e-9).max(1).nullable().optional().describe('Declared reliability requirement for identification mode (default none: investigation mode only)'),
  maxCandidates: z.number().int().min(1).max(100).optional().describe('Candidates per search of your own agency (default 10)'),
  keepGps: z.boolean().optional().describe('Media galleries: keep EXIF GPS coordinates of items (default false: stripped)'),
});

export const updateGalleryBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  legalBasis: z.string().trim().min(1).max(500).optional(),
  purposes: z.array(purpose).min(1).optional(),
  retentionDays: z.number().int().min(1).max(36500).optional(),
  thresholdFmr: z.number().min(1e-9).max(0.1).optional().describe('Target false-match rate of the candidate threshold (default 1e-4)'),
  requiredFpir: z.number().min(1e-9).max(1).nullable().optional().describe('Declared reliability requirement for identification mode (default none: investigation mode only)'),
  maxCandidates: z.number().int().min(1).max(100).optional().describe('Candidates per search of your own agency (default 10)'),
  keepGps: z.boolean().optional().describe('Media galleries: keep EXIF GPS coordinates of items (default false: stripped)'),
});

export const reembedBody = z.object({
  modelId: z.string().min(1).max(200).describe('The face model to move the gallery onto (an id from GET /v1/models); it must be calibrated'),
});

export const reembedSchema = z.object({
  galleryId: z.string(),
  fromModelId: z.string(),
  modelId: z.string(),
  state: z.enum(['running', 'switched', 'failed']).describe('running: searches still use fromModelId; switched: the gallery and every sample are on modelId; failed: nothing changed, see failed'),
  done: z.number().int().describe('Samples with a template on the new model'),
  total: z.number().int().describe('Samples in the gallery'),
  failed: z.array(z.object({ sampleId: z.string(), code: z.string() })).describe('Samples the new model could not embed (the job fails without switching when any remain)'),
  startedAt: isoTime,
  finishedAt: isoTime.nullable(),
});
