// GET /v1/models: every face model with its licence, calibration state and calibrated thresholds.
import { z } from 'zod';
import { isoTime } from './common.schemas.ts';

const licence = z.object({
  name: z.string().describe('the licence, or for a built-in model where its weights come from'),
  url: z.string().optional().describe('where the terms are published'),
  text: z.string().optional().describe('the terms, where no URL states them'),
  licensee: z.string().optional().describe('who holds the licence (registered models)'),
});

const calibration = z.object({
  model: z.string(),
  dataset: z.string().describe('what the score → FMR table was measured on'),
  genuineComparisons: z.number().int(),
  impostorComparisons: z.number().int().describe('the smallest FMR the table can state is one in this many for a shipped table, three in this many (rule of three) for one measured with model calibrate'),
  calibratedAt: isoTime.nullable().describe('null for the tables shipped with the package'),
  detCurve: z.boolean().optional().describe('true when GET /v1/models/{id}/calibration/det.svg can draw the DET curve of this calibration'),
}).nullable().describe('null: not calibrated yet; searches and verifications with the model are refused (ABG_ERR_MODEL_UNCALIBRATED)');

export const faceModelSchema = z.object({
  id: z.string(),
  alias: z.string().describe('short name for the CLI and the configuration'),
  source: z.enum(['built-in', 'registered']).describe('installed with the package, or registered from a licensed ONNX file with `abgleich model add`'),
  dimension: z.number().int(),
  licence,
  calibration,
  sha256: z.string().optional().describe('SHA-256 of the registered .onnx file'),
  addedAt: isoTime.optional(),
  calibrations: z.array(z.object({
    dataset: z.string(),
    source: z.enum(['shipped', 'measured']).describe('shipped with a built-in model, or measured on this deployment with model calibrate'),
    calibratedAt: isoTime.nullable(),
    genuineComparisons: z.number().int(),
    impostorComparisons: z.number().int(),
    active: z.boolean().describe('the one the thresholds, searches and the accuracy declaration use'),
  })).optional().describe('calibration history, newest first; a built-in model keeps its shipped table here once calibrated on this deployment'),
  thresholds: z.array(z.object({ fmr: z.number(), score: z.number(), fnmr: z.number().optional().describe('false non-match rate the calibration measured at that score') })).describe('scores at common target FMRs, where the calibration can state them'),
});

export const modelsResponse = z.object({ models: z.array(faceModelSchema) });
