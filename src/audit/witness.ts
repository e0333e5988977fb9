// A witness (c2sp.org/tlog-witness): answers add-checkpoint requests for the logs it knows,
// cosigning a checkpoint only when it is consistent with the last one it cosigned for that
// origin, which it keeps in its own state directory (one file per origin).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCheckpoint, parseCheckpointBody, type Checkpoint } from './checkpoint.ts';
import { cosignatureLine, noteBody } from './cosignature.ts';
import { verifyConsistency } from './proof-verify.ts';
import type { NoteSigner, NoteVerifier } from './signed-note.ts';

export interface WitnessAnswer {
  /** The HTTP status the protocol prescribes: 200, 400, 403, 404, 409 or 422. */
  status: number;
  contentType: string;
  body: string;
  /** Why a request was refused, for people. */
  reason?: string;
}

/** The last checkpoint a witness cosigned for an origin, as kept in its state directory. */
export interface WitnessRecord {
  checkpoint: Checkpoint;
  /** The checkpoint note with the witness's cosignature appended. */
  note: string;
}

const MAX_PROOF_LINES = 63;

/** The add-checkpoint request body: "old <size>", proof lines, an empty line, the checkpoint note. */
export function addCheckpointRequest(oldSize: number, proof: readonly string[], note: string): string {
  return `old ${oldSize}\n${proof.map((p) => `${p}\n`).join('')}\n${note}`;
}

export class Witness {
  constructor(
    private readonly signer: NoteSigner,
    private readonly stateDir: string,
    /** The log verifier keys this witness accepts, by origin. */
    private readonly logs: ReadonlyMap<string, NoteVerifier>,
    private readonly clock: () => Date = () => new Date(),
  ) {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  }

  /** The witness's public cosigner key. */
  get verifierKey(): string {
    return this.signer.verifierKey;
  }

  /** The last checkpoint cosigned for `origin`, if any. */
  record(origin: string): WitnessRecord | null {
    let note: string;
    try {
      note = readFileSync(this.fileOf(origin), 'utf8');
    } catch {
      return null;
    }
    const body = noteBody(note);
    const checkpoint = body === null ? null : parseCheckpointBody(body);
    return checkpoint ? { checkpoint, note } : null;
  }

  /** Handles one add-checkpoint request body (synchronously, so checking and recording the new size is one step). */
  addCheckpoint(request: string): WitnessAnswer {
    const refuse = (status: number, reason: string, body = ''): WitnessAnswer => ({ status, contentType: status === 409 && body ? 'text/x.tlog.size' : 'text/plain', body, reason });
    const blank = request.indexOf('\n\n');
    if (blank < 0) return refuse(400, 'The request has no empty line before the checkpoint.');
    const head = request.slice(0, blank).split('\n');
    const note = request.slice(blank + 2);
    const old = /^old (0|[1-9][0-9]*)$/.exec(head[0] ?? '');
    if (!old) return refuse(400, 'The first line must be "old <size>".');
    const proofLines = head.slice(1);
    if (proofLines.length > MAX_PROOF_LINES) return refuse(400, 'More than 63 consistency proof lines.');
    const proof = proofLines.map((l) => Buffer.from(l, 'base64'));
    if (proof.some((p, i) => p.length !== 32 || p.toString('base64') !== proofLines[i])) return refuse(400, 'A proof line is not the base64 of a 32-byte hash.');
    const body = noteBody(note);
    const claimed = body === null ? null : parseCheckpointBody(body);
    if (!claimed || body === null) return refuse(400, 'The request does not end in a checkpoint note.');
    const verifier = this.logs.get(claimed.origin);
    if (!verifier) return refuse(404, `Unknown log origin ${claimed.origin}.`);
    const cp = openCheckpoint(note, verifier);
    if (!cp) return refuse(403, `The checkpoint carries no valid signature of ${verifier.name}.`);
    const oldSize = Number(old[1]);
    if (oldSize > cp.size) return refuse(400, `The old size ${oldSize} is larger than the checkpoint size ${cp.size}.`);
    const last = this.record(cp.origin)?.checkpoint;
    const lastSize = last?.size ?? 0;
    if (oldSize !== lastSize) return refuse(409, `The witness last cosigned size ${lastSize}, not ${oldSize}.`, `${lastSize}\n`);
    if (last && oldSize === cp.size) {
      if (!last.rootHash.equals(cp.rootHash)) return refuse(409, `The checkpoint of size ${cp.size} has another root than the one cosigned before.`, `${lastSize}\n`);
    } else if (last && oldSize > 0) {
      if (!verifyConsistency(oldSize, cp.size, last.rootHash, cp.rootHash, proof)) return refuse(422, `The consistency proof from size ${oldSize} to ${cp.size} does not verify.`);
    } else if (proof.length > 0) {
      return refuse(422, 'The proof must be empty when the old size is zero.');
    }
    const line = cosignatureLine(body, this.signer, this.clock());
    this.save(cp.origin, note.replace(/\n*$/, '\n') + line);
    return { status: 200, contentType: 'text/plain', body: line };
  }

  private fileOf(origin: string): string {
    return join(this.stateDir, `${encodeURIComponent(origin)}.checkpoint`);
  }

  private save(origin: string, note: string): void {
    const file = this.fileOf(origin);
    writeFileSync(`${file}.tmp`, note, { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }
}
