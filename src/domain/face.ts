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

/** A named facial landmark in image pixels (names as in the iBUG 68-point scheme, subject's view). */
export interface FaceLandmark {
  name: string;
  x: number;
  y: number;
}

/** Where a face lies in its image, in image pixels: box [x, y, width, height] and landmarks. */
export interface FaceGeometry {
  box: [number, number, number, number];
  landmarks: FaceLandmark[];
}
