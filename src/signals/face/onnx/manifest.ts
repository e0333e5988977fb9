// The model manifest kept beside a licensed .onnx file: what the network expects (input size,
// tensor layout, colour order, normalisation, alignment), what it returns, and under which
// licence it runs. Validated with zod; a manifest without a licence is refused.
import { z } from 'zod';
import { fail } from '../../../domain/errors.ts';
import type { ChipSpec, FiveTemplate } from '../types.ts';

export const MANIFEST_FORMAT = 'abgleich-face-model/1';

const point = z.tuple([z.number().finite(), z.number().finite()]);
const rgb = z.tuple([z.number().finite(), z.number().finite(), z.number().finite()]);

export const licenceSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).describe('the licence, e.g. "InsightFace commercial licence"'),
  url: z.url().max(1000).optional().describe('where its terms are published'),
  text: z.string().trim().min(1).max(20_000).optional().describe('its terms, where no URL states them'),
  licensee: z.string().trim().min(1).max(200).describe('who holds the licence'),
}).refine((l) => l.url !== undefined || l.text !== undefined, { message: 'give the licence terms as url or text' });

export const manifestSchema = z.strictObject({
  format: z.literal(MANIFEST_FORMAT),
  id: z.string().regex(/^[^\s@]+\/[^\s@]+@\d[^\s@]*$/, 'a stable id <vendor>/<model>@<version>').max(200),
  alias: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes').max(40),
  file: z.string().min(1).max(500).refine((f) => !f.includes('/') && !f.includes('\\'), 'a file name beside the manifest'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits'),
  input: z.strictObject({
    name: z.string().min(1).optional().describe("the graph input; the graph's only input when absent"),
    size: z.number().int().min(16).max(1024),
    layout: z.enum(['NCHW', 'NHWC']),
    colorOrder: z.enum(['RGB', 'BGR']),
    normalisation: z.union([
      z.strictObject({ mean: rgb, std: rgb.refine((s) => s.every((v) => v !== 0), 'std must not be 0') }),
      z.strictObject({ scale: z.number().finite(), offset: z.number().finite() }),
    ]).describe('per channel in colorOrder: (x − mean) / std, or x · scale + offset, x in 0–255'),
  }),
  alignment: z.discriminatedUnion('template', [
    z.strictObject({ template: z.literal('arcface-112') }),
    z.strictObject({ template: z.literal('dlib-150'), padding: z.number().min(0).max(1).optional() }),
    z.strictObject({ template: z.literal('points'), points: z.tuple([point, point, point, point, point]) }),
  ]),
  flip: z.boolean(),
  output: z.strictObject({
    name: z.string().min(1).optional().describe("the graph output; the graph's first output when absent"),
    dimension: z.number().int().min(2).max(8192),
  }),
  licence: licenceSchema,
});

export type ModelManifest = z.infer<typeof manifestSchema>;
export type ModelLicence = z.infer<typeof licenceSchema>;

/** Validates a parsed manifest; ABG_ERR_MODEL_NO_LICENCE without a licence, ABG_ERR_MODEL_MANIFEST for anything else. */
export function parseManifest(value: unknown): ModelManifest {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !('licence' in value)) {
    fail('ABG_ERR_MODEL_NO_LICENCE', 'The manifest has no "licence" {name, url or text, licensee}.');
  }
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(manifest)'}: ${i.message}`);
    if (parsed.error.issues.every((i) => i.path[0] === 'licence')) fail('ABG_ERR_MODEL_NO_LICENCE', issues.join('; '));
    fail('ABG_ERR_MODEL_MANIFEST', issues.join('; '));
  }
  return parsed.data;
}

// InsightFace's five-point template for 112×112 chips (eye centres, nose tip, mouth corners).
const arcface112: FiveTemplate = [
  { x: 38.2946, y: 51.6963 }, { x: 73.5318, y: 51.5014 }, { x: 56.0252, y: 71.7366 }, { x: 41.5493, y: 92.3655 }, { x: 70.7299, y: 92.2041 },
];

/** The chip the manifest's alignment describes at its input size. */
export function chipOf(m: ModelManifest): ChipSpec {
  const size = m.input.size;
  const a = m.alignment;
  if (a.template === 'dlib-150') return { size, padding: a.padding ?? 0.25, fivePoint: true };
  const scale = a.template === 'arcface-112' ? size / 112 : 1;
  const pts = a.template === 'arcface-112' ? arcface112 : a.points.map(([x, y]) => ({ x, y }));
  return { size, padding: 0, template: pts.map((p) => ({ x: p.x * scale, y: p.y * scale })) as FiveTemplate };
}
