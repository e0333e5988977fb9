import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeFaceDetectorContract } from './face-detector.contract.ts';
import { createHumanDetector } from './human-detector.ts';
import { createOnnxFaceDetector } from './mediapipe/onnx-face-detector.ts';

describeFaceDetectorContract('Human on TensorFlow.js', () => createHumanDetector());
describeFaceDetectorContract('MediaPipe models on ONNX Runtime', () => createOnnxFaceDetector({ cacheDir: mkdtempSync(join(tmpdir(), 'abg-detector-')) }));
