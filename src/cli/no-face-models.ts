// The face engine of an installation without face models: every use is refused with a clear code.
import { fail } from '../domain/errors.ts';
import type { AnalysedFace, FaceEngine } from '../services/ports/face-engine.ts';

export class NoFaceModels implements FaceEngine {
  async analyse(): Promise<AnalysedFace[]> {
    fail('ABG_ERR_UNKNOWN_MODEL', 'No face model is installed on this server.');
  }
  compare(): number {
    fail('ABG_ERR_UNKNOWN_MODEL', 'No face model is installed on this server.');
  }
  fmrAtScore(): number {
    fail('ABG_ERR_UNKNOWN_MODEL', 'No face model is installed on this server.');
  }
  scoreAtFmr(): number {
    fail('ABG_ERR_UNKNOWN_MODEL', 'No face model is installed on this server.');
  }
  dimension(): number {
    fail('ABG_ERR_UNKNOWN_MODEL', 'No face model is installed on this server.');
  }
  models(): string[] {
    return [];
  }
}
