// Checkpoints in the c2sp.org/tlog-checkpoint format: origin line, decimal tree size, base64
// root hash, each ending in a newline; signed as a c2sp.org/signed-note.
import { fail } from '../domain/errors.ts';
import { openNote, signNote, type NoteSigner, type NoteVerifier } from './signed-note.ts';

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Buffer;
}

/** The checkpoint body that is signed. */
export function checkpointBody(cp: Checkpoint): string {
  return `${cp.origin}\n${cp.size}\n${cp.rootHash.toString('base64')}\n`;
}

/** Parses a checkpoint body; null when it is not one. */
export function parseCheckpointBody(text: string): Checkpoint | null {
  const lines = text.split('\n');
  if (lines.length < 4 || lines[lines.length - 1] !== '') return null;
  const [origin, sizeText, rootText] = lines as [string, string, string];
  if (!origin || !/^(0|[1-9][0-9]*)$/.test(sizeText)) return null;
  const size = Number(sizeText);
  const rootHash = Buffer.from(rootText, 'base64');
  if (!Number.isSafeInteger(size) || rootHash.length !== 32 || rootHash.toString('base64') !== rootText) return null;
  return { origin, size, rootHash };
}

/** Signs a checkpoint as a note. */
export function signCheckpoint(cp: Checkpoint, signer: NoteSigner): string {
  if (cp.origin.includes('\n') || cp.origin.length === 0) fail('ABG_ERR_CONFIG', 'The log origin must be one non-empty line.');
  return signNote(checkpointBody(cp), signer);
}

/** Opens a signed checkpoint note; null unless `verifier` signed it and the body is a checkpoint. */
export function openCheckpoint(note: string, verifier: NoteVerifier): Checkpoint | null {
  const text = openNote(note, verifier);
  return text === null ? null : parseCheckpointBody(text);
}
