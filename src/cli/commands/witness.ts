// `abgleich witness …`: a witness run by another authority (a supervisory authority, another
// agency). It pulls the log's newest checkpoint and a consistency proof from the size it cosigned
// last, checks them as a c2sp.org/tlog-witness add-checkpoint request, cosigns, keeps the
// cosigned checkpoint in its own state directory and hands the cosignature to the log.
import { join } from 'node:path';
import type { Command } from 'commander';
import { parseCheckpointBody } from '../../audit/checkpoint.ts';
import { COSIGNATURE_V1, noteBody } from '../../audit/cosignature.ts';
import { loadOrCreateSigner } from '../../audit/key-files.ts';
import { parseVerifierKey } from '../../audit/signed-note.ts';
import { addCheckpointRequest, Witness } from '../../audit/witness.ts';
import { AbgError, errorRegistry, fail, type ErrorCode } from '../../domain/errors.ts';
import { action } from '../output.ts';
import { readKeyArg } from './log.ts';

export interface WitnessRun {
  origin: string;
  /** The size the witness had cosigned before (0 when never). */
  oldSize: number;
  size: number;
  /** The checkpoint note with every cosignature the log now holds for it. */
  note: string;
}

/** Calls the log's API; a refusal becomes the log's coded error. */
async function callLog(base: string, token: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(new URL(path, base), {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json().catch(() => null)) as any;
  if (!res.ok) {
    const code = json?.error?.code in errorRegistry ? (json.error.code as ErrorCode) : 'ABG_ERR_INTERNAL';
    throw new AbgError(code, `The log answered ${res.status} to ${path}: ${json?.error?.message ?? 'no message'}`);
  }
  return json;
}

/**
 * One witness round against the log at `base`: fetch its checkpoint and the consistency proof
 * from the last cosigned size, run add-checkpoint, and on success submit the cosignature. A
 * smaller log fails with ABG_ERR_LOG_TRUNCATED, a rewritten one with ABG_ERR_LOG_INCONSISTENT.
 */
export async function witnessOnce(witness: Witness, base: string, token: string): Promise<WitnessRun> {
  const { note } = (await callLog(base, token, '/v1/log/checkpoint')) as { note: string };
  const cp = parseCheckpointBody(noteBody(note) ?? '');
  if (!cp) fail('ABG_ERR_WITNESS_REFUSED', 'The log answered something that is not a checkpoint.');
  const oldSize = witness.record(cp.origin)?.checkpoint.size ?? 0;
  const proof: string[] = oldSize > 0 && oldSize < cp.size ? (await callLog(base, token, `/v1/log/consistency?from=${oldSize}&to=${cp.size}`)).path : [];
  const answer = witness.addCheckpoint(addCheckpointRequest(oldSize, proof, note));
  const what = `Refusing to cosign ${cp.origin} at size ${cp.size} (cosigned size ${oldSize} before): ${answer.reason}`;
  if (answer.status === 400 && oldSize > cp.size) fail('ABG_ERR_LOG_TRUNCATED', what, { origin: cp.origin, size: cp.size, cosignedSize: oldSize });
  if (answer.status === 409 || answer.status === 422) fail('ABG_ERR_LOG_INCONSISTENT', what, { origin: cp.origin, size: cp.size, cosignedSize: oldSize });
  if (answer.status !== 200) fail('ABG_ERR_WITNESS_REFUSED', `${what} (status ${answer.status})`);
  const stored = (await callLog(base, token, '/v1/log/cosignatures', { note: note + answer.body, witnessKey: witness.verifierKey })) as { note: string };
  return { origin: cp.origin, oldSize, size: cp.size, note: stored.note };
}

interface WitnessFlags {
  state: string;
  key?: string;
  name: string;
}

const keyFile = (o: WitnessFlags) => o.key ?? join(o.state, 'witness.key');

/** `abgleich witness cosign` and `abgleich witness public-key`. */
export function registerWitnessCommands(program: Command, print: (text: string) => void = (t) => void process.stdout.write(t)) {
  const witness = program.command('witness').description('cosign the checkpoints of an abgleich log as an independent witness (c2sp.org/tlog-witness); keeps its own state locally and talks to the log over HTTP');
  const flags = (cmd: Command) => cmd
    .requiredOption('--state <dir>', "the witness's state directory: the last cosigned checkpoint per log")
    .option('--key <file>', 'the witness signing key (default <state>/witness.key, created on first use)')
    .option('--name <name>', 'the name of a new witness key, e.g. dsb.example/witness', 'abgleich/witness');

  flags(witness.command('public-key').description("print the witness's cosigner key, for `log verify --witness`")).action(
    action(async (o: WitnessFlags) => {
      print(`${loadOrCreateSigner(keyFile(o), o.name, COSIGNATURE_V1).verifierKey}\n`);
    }),
  );

  flags(witness.command('cosign').description('fetch the log checkpoint and a consistency proof, verify, cosign, keep a copy and submit the cosignature; refuses a truncated or rewritten log (exit 1)'))
    .requiredOption('--url <url>', 'the log server, e.g. https://abgleich.example')
    .requiredOption('--log-key <key|file>', 'the log public key, obtained independently (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--token <token>', 'an auditor API token (env ABGLEICH_TOKEN)')
    .action(action(async (o: WitnessFlags & { url: string; logKey: string[]; token?: string }) => {
      const token = o.token ?? process.env.ABGLEICH_TOKEN;
      if (!token) fail('ABG_ERR_VALIDATION', 'Pass --token or set ABGLEICH_TOKEN.');
      const logs = new Map(o.logKey.map((k) => parseVerifierKey(readKeyArg(k))).map((v) => [v.name, v] as const));
      const w = new Witness(loadOrCreateSigner(keyFile(o), o.name, COSIGNATURE_V1), o.state, logs);
      const run = await witnessOnce(w, o.url, token);
      process.stderr.write(`cosigned ${run.origin} at size ${run.size} (before: ${run.oldSize})\n`);
      print(run.note);
    }));
}
