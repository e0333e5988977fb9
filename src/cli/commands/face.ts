// `abgleich face embed` and `abgleich face compare`: the face pipeline from the command line.
// The output format is held stable (other tools read it): one JSON object per line on stdout.
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AbgError, fail, isAbgError } from '../../domain/errors.ts';
import { loadConfig } from '../../app/config.ts';
import { FaceWorkerPool, checkPoolSize } from '../../signals/face/pool.ts';
import { faceModels, resolveModel } from '../../signals/face/models.ts';
import { cosine } from '../../signals/face/vector.ts';
import type { EmbeddedFace } from '../../signals/face/pipeline.ts';
import { action, printJson } from '../output.ts';
import { Progress } from '../progress.ts';
import { walkFiles } from '../files.ts';
import { commonFlags, type CommonFlags } from './common-flags.ts';

interface EmbedFlags extends CommonFlags { model?: string; allFaces?: boolean; workers?: string }
interface CompareFlags extends CommonFlags { model?: string; fmr: string; workers?: string }

export function registerFaceCommands(program: Command): void {
  const face = program.command('face').description('detect, assess and embed faces; compare two face images (runs locally on your files; no server)');
  commonFlags(face
    .command('embed')
    .description('print one JSON line per image: {"file","faces":[{box,score,quality,embedding,model}],"error"?} (runs locally)')
    .argument('<paths...>', 'image files or directories (searched recursively)')
    .option('--model <id>', `embedding model id or alias (${faceModels().map((m) => m.alias).join(', ')}, or one registered in the data directory; default ${faceModels()[0]!.alias})`)
    .option('--all-faces', 'every face in each image, largest first (default: the largest only)')
    .option('--workers <n>', 'worker threads (default: number of cores)'))
    .action(action(async (paths: string[], flags: EmbedFlags) => embed(paths, flags)));
  commonFlags(face
    .command('compare')
    .description('compare the largest face of two images: score, its false-match rate, and the decision at the threshold (runs locally)')
    .argument('<a>', 'first image')
    .argument('<b>', 'second image')
    .option('--model <id>', 'embedding model id or alias (built-in, or registered in the data directory)')
    .option('--fmr <rate>', 'target false-match rate that sets the threshold', '1e-4')
    .option('--workers <n>', 'worker threads (default 2)'))
    .action(action(async (a: string, b: string, flags: CompareFlags) => compare(a, b, flags)));
}

/** Makes a model registered with `abgleich model add` in the data directory known here when `--model` names no built-in one. */
async function offerRegistered(flags: EmbedFlags | CompareFlags): Promise<void> {
  if (!flags.model || faceModels().some((m) => m.id === flags.model || m.alias === flags.model)) return;
  const { offerRegisteredModels } = await import('../../app/registered-models.ts');
  await offerRegisteredModels(loadConfig({ flags: { dataDir: flags.data, databaseUrl: flags.databaseUrl, config: flags.config } }));
}

async function embed(paths: string[], flags: EmbedFlags): Promise<void> {
  await offerRegistered(flags);
  const files = await expand(paths);
  const pool = new FaceWorkerPool({ ...(flags.model ? { model: flags.model } : {}), ...(flags.workers ? { size: checkPoolSize(Number(flags.workers)) } : {}) });
  const progress = new Progress('embed', files.length);
  try {
    await pool.ready();
    // Results are printed in input order; at most a few images per worker are in flight.
    const inFlight = new Map<number, Promise<Record<string, unknown>>>();
    const window = pool.size * 2;
    let next = 0;
    for (let i = 0; i < files.length; i++) {
      while (next < files.length && next < i + window) {
        inFlight.set(next, analyseFile(pool, files[next]!, flags.allFaces ?? false));
        next++;
      }
      printJson(await inFlight.get(i)!);
      inFlight.delete(i);
      progress.tick(i + 1);
    }
  } finally {
    await pool.close();
  }
}

async function analyseFile(pool: FaceWorkerPool, file: string, allFaces: boolean): Promise<Record<string, unknown>> {
  try {
    const bytes = await readFile(file).catch((e: NodeJS.ErrnoException) => fail('ABG_ERR_NOT_FOUND', `${file}: ${e.code ?? e.message}`));
    const analysis = await pool.analyse(bytes, { allFaces });
    return { file, faces: analysis.faces.map(faceJson) };
  } catch (e) {
    const err = isAbgError(e) ? e : new AbgError('ABG_ERR_INTERNAL', e instanceof Error ? e.message : String(e));
    return { file, faces: [], error: { code: err.code, message: err.message } };
  }
}

function faceJson(f: EmbeddedFace): Record<string, unknown> {
  return {
    box: f.box,
    score: Math.round(f.score * 1000) / 1000,
    quality: f.quality,
    embedding: Array.from(f.embedding, (v) => Number(v.toFixed(6))),
    model: f.model,
  };
}

async function compare(a: string, b: string, flags: CompareFlags): Promise<void> {
  const target = Number(flags.fmr);
  await offerRegistered(flags);
  const pool = new FaceWorkerPool({ ...(flags.model ? { model: flags.model } : {}), size: flags.workers ? checkPoolSize(Number(flags.workers)) : 2 });
  try {
    const calibration = resolveModel(pool.model).calibration();
    const threshold = calibration.scoreAtFmr(target);
    const [fa, fb] = await Promise.all([a, b].map(async (file) => {
      const bytes = await readFile(file).catch((e: NodeJS.ErrnoException) => fail('ABG_ERR_NOT_FOUND', `${file}: ${e.code ?? e.message}`));
      try {
        return (await pool.analyse(bytes)).faces[0]!;
      } catch (e) {
        if (isAbgError(e)) throw new AbgError(e.code, `${file}: ${e.message}`, e.details);
        throw e;
      }
    }));
    const score = cosine(fa!.embedding, fb!.embedding);
    printJson({
      a, b,
      model: pool.model,
      score: Number(score.toFixed(4)),
      fmr: Number(calibration.fmrAtScore(score).toPrecision(3)),
      threshold: { fmr: target, score: Number(threshold.toFixed(4)) },
      decision: score >= threshold ? 'match' : 'no-match',
      quality: { a: fa!.quality, b: fb!.quality },
    });
  } finally {
    await pool.close();
  }
}

/** Files in the order given; directories expanded recursively in name order, hidden entries skipped. */
async function expand(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for await (const f of walkFiles(paths)) out.push(f);
  return out;
}
