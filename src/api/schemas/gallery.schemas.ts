import { z } from 'zod';
import { galleryKinds } from '../../domain/entities.ts';
import { isoTime } from './common.schemas.ts';

const purpose = z.string().trim().min(1).max(100).regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase words joined by hyphens');

export const gallerySchema = z.object({
  id: z.string(),
  agencyId: z.string(),
  name: z.string(),
  kind: z.enum(galleryKinds),
  legalBasis: z.string(),
  purposes: z.array(z.string()),
  retentionDays: z.number().int(),
  modelId: z.string().nullable(),
  createdAt: isoTime,
});

export const createGalleryBody = z.object({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(galleryKinds),
  legalBasis: z.string().trim().min(1).max(500).describe('The law or decision under which the samples are held'),
  purposes: z.array(purpose).min(1).describe('Purposes for which the gallery may be searched'),
  retentionDays: z.number().int().min(1).max(36500),
  modelId: z.string().min(1).max(200).nullable().optional().describe('Embedding model id; required for face galleries'),
});

export const updateGalleryBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  legalBasis: z.string().trim().min(1).max(500).optional(),
  purposes: z.array(purpose).min(1).optional(),
  retentionDays: z.number().int().min(1).max(36500).optional(),
});
