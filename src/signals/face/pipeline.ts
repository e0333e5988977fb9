// The in-process face pipeline: decode → detect → landmarks → quality → align → embed. Services
// reach it through the worker pool (pool.ts), never on the HTTP event loop.
import { decodeImage, type DecodeOptions } from '../../media/decode.ts';
import { fail } from '../../domain/errors.ts';
import type { Box, DetectedFace, Embedder, FaceDetector, FaceLandmarks, HeadPose, RgbImage } from './types.ts';
import { alignFace } from './align.ts';
import { assessQuality, measureQuality, type QualityReport, type QualityThresholds } from './quality.ts';
import { faceApiChip } from './faceapi-embedder.ts';
import { cutChip, fivePointPredictor } from './five-point.ts';

export interface AnalyseOptions {
  /** Every face (largest first) instead of the largest only. */
  allFaces?: boolean;
  decode?: DecodeOptions;
  /** Landmarks that came with the image (an exchange record's feature points): used for alignment when the detector finds no face. */
  givenLandmarks?: FaceLandmarks;
}

/** One face as the pipeline found it: detection, landmarks, pose, quality report and the model's embedding (the port's AnalysedFace is its services-side form). */
export interface EmbeddedFace {
  box: Box;
  score: number;
  landmarks: FaceLandmarks;
  pose: HeadPose;
  quality: QualityReport;
  embedding: Float32Array;
  model: string;
}

export interface FaceAnalysis {
  width: number;
  height: number;
  faces: EmbeddedFace[];
}

export class FacePipeline {
  constructor(
    readonly detector: FaceDetector,
    readonly embedder: Embedder,
    readonly thresholds?: QualityThresholds,
  ) {
    // Read dlib's landmark model now, not on the first face: a missing package fails at start.
    if (embedder.chip.fivePoint) fivePointPredictor();
  }

  /** Decodes and analyses one image; throws ABG_ERR_NO_FACE when it holds none. */
  async analyse(bytes: Uint8Array, options: AnalyseOptions = {}): Promise<FaceAnalysis> {
    const image = await decodeImage(bytes, options.decode);
    return { width: image.width, height: image.height, faces: await this.analyseImage(image, options) };
  }

  async analyseImage(image: RgbImage, options: AnalyseOptions = {}): Promise<EmbeddedFace[]> {
    const detected = await this.detector.detect(image, options.allFaces ? {} : { maxFaces: 1 });
    if (detected.length === 0 && options.givenLandmarks) return this.describe(image, [faceAt(options.givenLandmarks)]);
    if (detected.length === 0) fail('ABG_ERR_NO_FACE', `${image.width}×${image.height} image.`);
    const chosen = options.allFaces ? detected : detected.slice(0, 1);
    return this.describe(image, chosen);
  }

  /** Quality and embedding of faces already detected in `image`. */
  async describe(image: RgbImage, faces: DetectedFace[]): Promise<EmbeddedFace[]> {
    const spec = this.embedder.chip;
    const chips = faces.map((f) => cutChip(image, f.landmarks, spec));
    // Quality is measured on the seven-point 150-px chip, whichever chip the embedder takes.
    const qualityChips = spec.size === faceApiChip.size && spec.padding === faceApiChip.padding
      ? chips.map((c) => c.mirrorView ?? c)
      : faces.map((f) => alignFace(image, f.landmarks, faceApiChip));
    const embeddings = await this.embedder.embed(chips);
    return faces.map((f, i) => ({
      box: f.box,
      score: f.score,
      landmarks: f.landmarks,
      pose: f.pose,
      quality: assessQuality(measureQuality(f, qualityChips[i]!), this.thresholds),
      embedding: embeddings[i]!,
      model: this.embedder.id,
    }));
  }

  async dispose(): Promise<void> {
    await this.embedder.dispose();
    await this.detector.dispose();
  }
}

// A face placed by given landmarks: its box spans them with a margin of one inter-ocular distance
// to the sides and above, half below the mouth; no detector score and no pose estimate.
function faceAt(l: FaceLandmarks): DetectedFace {
  const pts = Object.values(l);
  const xs = pts.map((p) => p.x), ys = pts.map((p) => p.y);
  const eye = Math.hypot(l.leftEyeOuter.x - l.rightEyeOuter.x, l.leftEyeOuter.y - l.rightEyeOuter.y) / 1.5;
  const x = Math.min(...xs) - eye * 0.5, y = Math.min(...ys) - eye;
  return { box: [x, y, Math.max(...xs) + eye * 0.5 - x, Math.max(...ys) + eye * 0.5 - y], score: 0, landmarks: l, pose: { yaw: 0, pitch: 0, roll: 0 } };
}
