// Calibration of a registered face model: the accuracy declaration (POST …/calibrations, GET …/calibration).
import { z } from 'zod';
import { isoTime } from './common.schemas.ts';

const interval = z.tuple([z.number(), z.number()]).nullable().describe('95 % Wilson score interval');

export const declarationSchema = z.object({
  model: z.object({ id: z.string(), alias: z.string(), sha256: z.string(), dimension: z.number().int() }),
  licence: z.object({ name: z.string(), url: z.string().optional(), text: z.string().optional(), licensee: z.string().optional() }),
  dataset: z.object({
    description: z.string(),
    digest: z.string().nullable().describe('SHA-256 over the image names and image digests (and the listed pairs)'),
    unusableImages: z.record(z.string(), z.number().int()).describe('images that could not be read or showed no face, by reason'),
  }),
  sampleSizes: z.object({ genuineComparisons: z.number().int(), impostorComparisons: z.number().int() }),
  supportedFmrRange: z.tuple([z.number(), z.number()]).describe('from 3 / impostor comparisons (rule of three) to 1; no FMR below it is stated'),
  fnmrAtFmr: z.array(z.object({
    fmr: z.number(), supported: z.boolean(), threshold: z.number().nullable(), fnmr: z.number().nullable(), interval, misses: z.number().int().nullable(),
  })),
  qualityBandFmr: z.number().nullable().describe('the FMR whose threshold the quality bands are measured at'),
  qualityBands: z.array(z.object({ from: z.number(), to: z.number(), genuineComparisons: z.number().int(), misses: z.number().int(), fnmr: z.number().nullable(), interval })),
  calibratedAt: isoTime,
  shipped: z.boolean().describe('true: the table shipped with a built-in model (a public benchmark), not a calibration on this deployment'),
  method: z.string(),
});

export const modelParam = z.object({ id: z.string().min(1).max(200).describe('the model id (URL-encoded) or its alias') });
