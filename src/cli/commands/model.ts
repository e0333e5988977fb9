// `abgleich model add|list`: server administration on the host. They open the data directory
// like `init` (no API token), because the licensed .onnx file lives on the server host.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { loadConfig } from '../../app/config.ts';
import type { Runtime } from '../../app/runtime.ts';
import type { FaceModelView } from '../../services/face-model.service.ts';
import { action, printJson, printTable } from '../output.ts';
import { commonFlags, type CommonFlags } from './common-flags.ts';

type Flags = CommonFlags & { json?: boolean };

const local = 'Runs on the server host against its data directory (like init; no API token): the .onnx file must be on this host. Restart a running server to offer the model.';

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
}
