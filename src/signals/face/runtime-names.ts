// The runtimes the face detector and the default 128-d network can run on, kept apart from the
// runtimes themselves so configuration can validate a name without loading TensorFlow.js or ONNX Runtime.
export const faceRuntimes = ['onnx', 'tfjs'] as const;
export type FaceRuntime = (typeof faceRuntimes)[number];
