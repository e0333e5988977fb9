// The accuracy declaration of a calibrated face model: the levels of accuracy and the metrics
// measured on the agency's own data, as JSON and as Markdown, for the instructions for use a
// provider gives (EU AI Act Art. 13(3)(b)(ii)) and the accuracy it declares (Art. 15(3)).
import type { FnmrAtFmr, QualityBand } from '../domain/calibration-report.ts';
import type { RegisteredFaceModel } from '../domain/face-model.ts';

export interface AccuracyDeclaration {
  model: { id: string; alias: string; sha256: string; dimension: number };
  licence: { name: string; url?: string | undefined; text?: string | undefined; licensee?: string | undefined };
  dataset: { description: string; digest: string | null; unusableImages: Record<string, number> };
  sampleSizes: { genuineComparisons: number; impostorComparisons: number };
  /** The FMR range the sample supports: from 3 / impostor comparisons (rule of three) to 1. */
  supportedFmrRange: [number, number];
  fnmrAtFmr: FnmrAtFmr[];
  qualityBandFmr: number | null;
  qualityBands: QualityBand[];
  calibratedAt: string;
  /** True for the table shipped with a built-in model (measured on a public benchmark, not the agency's data). */
  shipped: boolean;
  method: string;
}

const method = 'Every usable image embedded with the model; genuine comparisons are pairs of one person, impostor comparisons pairs of two people (the listed pairs, or every pair of a folder set, thinned evenly beyond 5,000,000 impostors). '
  + 'No FMR below 3 / impostor comparisons is stated (rule of three: with no false match among N comparisons the FMR is below 3/N at 95 % confidence). '
  + 'FNMR intervals are 95 % Wilson score intervals over the genuine comparisons at a fixed threshold; comparisons sharing a person or an image are not independent, so the true uncertainty is larger.';

const shippedMethod = 'The score → FMR table shipped with the built-in model, measured on the public benchmark named above (every same-identity pair genuine, every cross-identity pair impostor); '
  + 'the threshold and FNMR at each target FMR are read from that table, with 95 % Wilson score intervals over its genuine comparisons. Quality bands were not measured; calibrating the model on the agency\'s own data (abgleich model calibrate) replaces this table.';

/** The declaration of a calibrated model (its stored calibration and report). */
export function accuracyDeclaration(m: RegisteredFaceModel): AccuracyDeclaration {
  const c = m.calibration!;
  const licence = (m.manifest.licence ?? { name: 'not stated' }) as AccuracyDeclaration['licence'];
  const report = c.report;
  return {
    model: { id: m.id, alias: m.alias, sha256: m.sha256, dimension: m.dimension },
    licence,
    dataset: { description: c.dataset, digest: c.datasetDigest ?? null, unusableImages: c.unusable ?? {} },
    sampleSizes: { genuineComparisons: c.genuineComparisons, impostorComparisons: c.impostorComparisons },
    supportedFmrRange: [report?.lowestSupportedFmr ?? c.points[0]!.fmr, 1],
    fnmrAtFmr: report?.fnmrAtFmr ?? [],
    qualityBandFmr: report?.qualityBandFmr ?? null,
    qualityBands: report?.qualityBands ?? [],
    calibratedAt: c.calibratedAt,
    shipped: c.source === 'shipped',
    method: c.source === 'shipped' ? shippedMethod : method,
  };
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(2)} %`);
const interval = (i: [number, number] | null) => (i ? `${pct(i[0])} – ${pct(i[1])}` : '—');

/** The declaration as a Markdown document a person reads. */
export function declarationMarkdown(d: AccuracyDeclaration): string {
  const licensee = d.licence.licensee ? `, licensed to ${d.licence.licensee}` : '';
  return [
    `# Accuracy declaration: ${d.model.id}`,
    '',
    `Measured ${d.calibratedAt} on ${d.shipped ? 'the public benchmark named below, shipped with Abgleich' : "the deploying agency's own labelled data"}. It states the levels of accuracy and the metrics against which the face model was measured, as the instructions for use of a high-risk AI system are to state them (EU AI Act Art. 13(3)(b)(ii), Art. 15). It describes this model on this data set only; it is not a conformity assessment.`,
    '',
    '## Model',
    '',
    `- id: \`${d.model.id}\` (alias \`${d.model.alias}\`), ${d.model.dimension}-dimensional templates`,
    d.model.sha256 ? `- file SHA-256: \`${d.model.sha256}\`` : '- built in: installed with Abgleich',
    `- licence: ${d.licence.name}${licensee}${d.licence.url ? ` (${d.licence.url})` : ''}`,
    '',
    '## Data set',
    '',
    `- ${d.dataset.description}`,
    `- digest (SHA-256 over names and image digests): \`${d.dataset.digest ?? 'not recorded'}\``,
    `- unusable images: ${Object.entries(d.dataset.unusableImages).map(([k, n]) => `${n} (${k})`).join(', ') || 'none'}`,
    `- ${d.sampleSizes.genuineComparisons} genuine and ${d.sampleSizes.impostorComparisons} impostor comparisons`,
    `- supported FMR range: ${d.supportedFmrRange[0].toPrecision(3)} to 1`,
    '',
    '## False non-match rate at a target false-match rate',
    '',
    '| target FMR | threshold (score) | FNMR | 95 % interval | misses |',
    '|---|---|---|---|---|',
    ...d.fnmrAtFmr.map((f) => f.supported
      ? `| ${f.fmr} | ${f.threshold!.toFixed(4)} | ${pct(f.fnmr)} | ${interval(f.interval)} | ${f.misses} |`
      : `| ${f.fmr} | — | not supported by ${d.sampleSizes.impostorComparisons} impostor comparisons | — | — |`),
    '',
    `## FNMR by image quality${d.qualityBandFmr === null ? '' : ` (at FMR ${d.qualityBandFmr})`}`,
    '',
    '| unified quality | genuine comparisons | FNMR | 95 % interval |',
    '|---|---|---|---|',
    ...d.qualityBands.map((b) => `| ${b.from}–${b.to} | ${b.genuineComparisons} | ${pct(b.fnmr)} | ${interval(b.interval)} |`),
    '',
    '## Method',
    '',
    d.method,
    '',
  ].join('\n');
}
