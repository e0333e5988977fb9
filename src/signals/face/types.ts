// Shared shapes of the face pipeline. Model runtimes stay behind FaceDetector and Embedder.

export interface Point {
  x: number;
  y: number;
}

/** RGB image, 8 bits per channel, interleaved, row-major. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Axis-aligned box in image pixels: [x, y, width, height]. */
export type Box = [number, number, number, number];

/**
 * The seven points alignment uses, in image pixels, named from the subject's point of view as in
 * the iBUG 68-point scheme: outer and inner corner of the right eye (image left), inner and outer
 * corner of the left eye, nose base (subnasale), right and left mouth corner.
 */
export interface FaceLandmarks {
  rightEyeOuter: Point;
  rightEyeInner: Point;
  leftEyeInner: Point;
  leftEyeOuter: Point;
  noseBase: Point;
  mouthRight: Point;
  mouthLeft: Point;
}

export const landmarkNames = [
  'rightEyeOuter', 'rightEyeInner', 'leftEyeInner', 'leftEyeOuter', 'noseBase', 'mouthRight', 'mouthLeft',
] as const satisfies readonly (keyof FaceLandmarks)[];

/** Head pose in degrees, estimated from landmarks. */
export interface HeadPose {
  yaw: number;
  pitch: number;
  roll: number;
}

export interface DetectedFace {
  box: Box;
  /** Detector confidence, 0–1. */
  score: number;
  landmarks: FaceLandmarks;
  pose: HeadPose;
}

export interface FaceDetector {
  readonly id: string;
  detect(image: RgbImage, options?: { maxFaces?: number }): Promise<DetectedFace[]>;
  dispose(): Promise<void>;
}

/** A face warped to the canonical chip an embedder expects (square, RGB). */
export interface AlignedFace {
  data: Uint8Array;
  size: number;
  /**
   * The chip whose mirror image is an embedder's second view when it flips (`Embedder.flip`);
   * the chip itself when absent. Set when the chip was cut from dlib's five points: the second
   * view then comes from the seven mesh points, so the two views err differently.
   */
  mirrorView?: AlignedFace;
}

/** Where the canonical landmarks sit in the chip (dlib's convention: padding around the mean face). */
export interface ChipSpec {
  size: number;
  padding: number;
  /** Cut the chip from dlib's five points (its own landmark predictor) instead of the mesh's seven. */
  fivePoint?: boolean;
  /**
   * Where the eye centres, the nose and the mouth corners go in the chip, in chip pixels (image
   * left first: right eye, left eye, nose, right mouth corner, left mouth corner), as ArcFace-style
   * models expect; `padding` and `fivePoint` are then unused.
   */
  template?: FiveTemplate;
}

/** Five chip positions: right eye centre, left eye centre, nose, right mouth corner, left mouth corner (subject's view). */
export type FiveTemplate = [Point, Point, Point, Point, Point];

export interface Embedder {
  /** Stable id `<package>/<model>@<version>`: stored with every template, never renamed. */
  readonly id: string;
  readonly dimension: number;
  /** How vectors are made comparable; every embedder here returns unit-length vectors compared by cosine. */
  readonly normalisation: 'l2';
  readonly chip: ChipSpec;
  /** Test-time augmentation: embeddings of the chip and of the mirror image of its `mirrorView` are averaged. */
  readonly flip: boolean;
  embed(faces: AlignedFace[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}
