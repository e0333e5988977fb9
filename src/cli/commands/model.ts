// `abgleich model add|list|calibrate`: server administration on the host. They open the data directory
// like `init` (no API token), because the licensed .onnx file lives on the server host.
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readLabelledFolder, readLabelledPairs } from '../../media/labelled-set.ts';
import { declarationMarkdown, type AccuracyDeclaration } from '../../services/accuracy-declaration.ts';
import { loadConfig } from '../../app/config.ts';
import type { Runtime } from '../../app/runtime.ts';
import type { FaceModelView } from '../../services/face-model.service.ts';
import { action, printJson, printTable } from '../output.ts';
import { commonFlags, type CommonFlags } from './common-flags.ts';

type Flags = CommonFlags & { json?: boolean };
type CalibrateFlags = Flags & { pairs?: boolean; images?: string; out?: string; det?: string };

const local = 'Runs on the server host against its data directory (like init; no API token): the .onnx file must be on this host. A running server offers it within modelRefreshSeconds, or at once on GET /v1/models.';

/** One table row per model: what an administrator checks before a gallery uses it. */
const row = (m: FaceModelView) => ({
  alias: m.alias, id: m.id, source: m.source, dimension: m.dimension,
  licence: m.licence.licensee ? `${m.licence.name} (licensee: ${m.licence.licensee})` : m.licence.name,
  calibration: m.calibration ? `${m.calibration.genuineComparisons} genuine, ${m.calibration.impostorComparisons} impostor comparisons` : 'not calibrated',
});

async function withRuntime<T>(opts: Flags, fn: (rt: Runtime) => Promise<T>): Promise<T> {
  // Loaded here, not at start-up: the client commands do not need the runtime.
  const { openRuntime } = await import('../../app/runtime.ts');
  const rt = await openRuntime(loadConfig({ flags: { dataDir: opts.data, databaseUrl: opts.databaseUrl, config: opts.config } }));
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

export function registerModelCommands(program: Command) {
  const model = program.command('model').description('face models: register a licensed ONNX model, list every model with its licence and calibration (on the server host)');
  commonFlags(
    model.command('add')
      .description(`register a licensed ONNX face model from the manifest beside its .onnx file (docs/models.md): checks the hash, the graph's input and output, and runs it on built-in test chips; nothing is stored when a check fails. ${local}`)
      .argument('<manifest>', 'the model manifest (JSON) beside the .onnx file')
      .option('--json', 'print the registered model as JSON'),
  ).action(action(async (manifest: string, opts: Flags) => {
    const added = await withRuntime(opts, (rt) => rt.services.faceModels.add(resolve(manifest)));
    if (opts.json) printJson(added);
    else process.stdout.write(`Registered ${added.id} (${added.alias}), sha256 ${added.sha256}\n  licence: ${row(added).licence}\n  calibration: none yet\n`);
  }));
  commonFlags(
    model.command('list')
      .description(`every face model, built-in and registered, with its licence and calibration. ${local}`)
      .option('--json', 'print JSON'),
  ).action(action(async (opts: Flags) => {
    const models = await withRuntime(opts, async (rt) => rt.services.models());
    if (opts.json) printJson(models);
    else printTable(models.map(row), ['alias', 'id', 'source', 'dimension', 'licence', 'calibration']);
  }));
  commonFlags(
    model.command('calibrate')
      .description(`measure a registered or built-in model on a labelled set (one folder per person, or LFW-style pairs with --pairs): score → FMR table, FNMR at FMR 1e-2…1e-5 with 95 % intervals, FNMR by quality band, DET curve; stored with the model and logged (for a built-in model it takes precedence over the shipped table, which stays in the history); nothing is stored when the set is too small. Progress on stderr. ${local}`)
      .argument('<model>', 'the id or alias of a registered or built-in model')
      .argument('<set>', 'a folder with one sub-folder per person, or with --pairs a pairs file')
      .option('--pairs', 'the set is an LFW-style pairs file ("name n1 n2" / "name1 n1 name2 n2")')
      .option('--images <folder>', 'with --pairs: the folder of person folders (default: the pairs file\'s folder)')
      .option('--out <file>', 'write the accuracy declaration: .json as JSON, anything else as Markdown')
      .option('--det <file>', 'write the DET curve as SVG')
      .option('--json', 'print the declaration as JSON'),
  ).action(action(async (id: string, set: string, opts: CalibrateFlags) => {
    const labelled = opts.pairs ? readLabelledPairs(resolve(set), opts.images && resolve(opts.images)) : readLabelledFolder(resolve(set));
    const { declaration, det } = await withRuntime(opts, async (rt) => {
      const declaration = await rt.services.calibrations.calibrate(null, id, labelled, progress);
      return { declaration, det: opts.det ? await rt.services.calibrations.detSvg(declaration.model.id) : '' };
    });
    if (opts.out) writeFileSync(opts.out, opts.out.endsWith('.json') ? `${JSON.stringify(declaration, null, 2)}\n` : declarationMarkdown(declaration));
    if (opts.det) writeFileSync(opts.det, det);
    if (opts.json) printJson(declaration);
    else process.stdout.write(summary(declaration));
  }));
}

/** Embedding progress on stderr, one line every 5 % (and the last). */
function progress(done: number, total: number): void {
  const step = Math.max(1, Math.floor(total / 20));
  if (done % step === 0 || done === total) process.stderr.write(`embedded ${done}/${total}\n`);
}

/** What an administrator reads after a calibration. */
function summary(d: AccuracyDeclaration): string {
  const rows = d.fnmrAtFmr.map((f) => f.supported
    ? `  FMR ${f.fmr}: threshold ${f.threshold!.toFixed(4)}, FNMR ${(f.fnmr! * 100).toFixed(2)} % (95 % ${(f.interval![0] * 100).toFixed(2)}–${(f.interval![1] * 100).toFixed(2)} %)`
    : `  FMR ${f.fmr}: not supported by ${d.sampleSizes.impostorComparisons} impostor comparisons`);
  return [`Calibrated ${d.model.id} on ${d.dataset.description}`, `  ${d.sampleSizes.genuineComparisons} genuine, ${d.sampleSizes.impostorComparisons} impostor comparisons; FMR stated from ${d.supportedFmrRange[0].toPrecision(3)}`, ...rows, ''].join('\n');
}
