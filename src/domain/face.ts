// Face quality as the domain sees it (ISO/IEC 29794-5 in spirit).

export type QualityVerdict = 'accept' | 'warn' | 'reject';

export interface FaceQuality {
  /** Unified quality 0–100. */
  score: number;
  verdict: QualityVerdict;
  reasons: string[];
  /** The individual measures (inter-eye distance, sharpness, pose, …). */
  measures: Record<string, number>;
}
