// The composition root: opens the store the configuration names, loads the keys from the data
// directory (or the environment), and wires the audit log, the face engine, the indexes and the
// services. Every command and the server start here.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AuditLog } from '../audit/audit-log.ts';
import { LogAuditTrail } from './audit-trail.ts';
import { loadOrCreateCommitmentSecret, loadOrCreateSigner } from '../audit/key-files.ts';
import { FaceTemplateIndexes } from '../index/face-templates.ts';
import { registryHashSetFormats } from '../interop/hashset-formats.ts';
import { faceRecordExchange } from '../interop/exchange-uploads.ts';
import { LocalMediaHasher } from '../signals/media-hasher.ts';
import type { MediaHasher } from '../services/ports/media-hasher.ts';
import type { RecallMeasurement } from '../services/ports/template-index.ts';
import { defaultDeps } from '../services/deps.ts';
import { Envelope } from '../services/envelope.ts';
import { sealLegacySamples, templateOpener } from '../services/sample-seal.ts';
import type { FaceEngine } from '../services/ports/face-engine.ts';
import { useBuiltInCalibrations } from '../services/face-model.service.ts';
import type { FaceModelInstaller } from '../services/ports/face-models.ts';
import type { Store } from '../store/store.ts';
import { createServices, type Services } from '../services/services.ts';
import { evidenceSignals } from '../signals/evidence-signals.ts';
import { releaseMarking } from '../media/release-marking.ts';
import type { ReleaseMarking } from '../services/ports/release-marking.ts';
import { perceptualMatching } from '../signals/perceptual-matching.ts';
import { parseDatabaseUrl } from '../store/kysely/connect.ts';
import { openStore } from '../store/kysely/kysely-store.ts';
import { databaseUrlOf, type Config } from './config.ts';
import { faceIndexKinds } from './face-index-kinds.ts';
import { calibrationEngine } from '../signals/face/calibration/engine.ts';
import { loadMasterKey } from './master-key.ts';

/** The signing key file of the audit log inside the data directory. */
export const LOG_KEY_FILE = 'log-signing.key';
/** The name a new signing key gets; it is also the checkpoint origin line. */
export const DEFAULT_LOG_ORIGIN = 'abgleich/log';
export const COMMITMENT_KEY_FILE = 'probe-commitment.key';

export interface Runtime {
  config: Config;
  services: Services;
  auditLog: AuditLog;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** The face engine; default: the models installed with the package, started lazily. */
  faces?: FaceEngine;
  /** Quiet index logging (tests, CLI). */
  logger?: { warn(o: object, m: string): void; info(o: object, m: string): void };
  /** The clock (tests). */
  now?: () => Date;
  /** The media hasher for triage; default: decoders, a photo worker pool and ffmpeg on this machine. */
  mediaHasher?: MediaHasher;
  /** How released images are marked; default: the band and metadata of src/media/release-marking.ts. */
  marking?: ReleaseMarking;
}

export async function openRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const keysDir = join(config.dataDir, 'keys');
  const signer = loadOrCreateSigner(join(keysDir, LOG_KEY_FILE), DEFAULT_LOG_ORIGIN);
  const envelope = new Envelope(loadMasterKey(keysDir), loadOrCreateCommitmentSecret(join(keysDir, COMMITMENT_KEY_FILE)));
  const decodeLimits = { maxPixels: config.imageMaxPixels };
  const faces = options.faces ?? (await defaultFaceEngine(config, decodeLimits));
  const modelInstaller = options.faces ? undefined : await onnxModelInstaller(config);
  const store = await openStore(parseDatabaseUrl(databaseUrlOf(config)), { busyTimeoutMs: config.dbBusyTimeoutMs });
  // Registered models join the built-in ones before the index kinds are resolved; a bad index choice closes the store again.
  const kindOf = await loadRegisteredModels(store, modelInstaller, faces).then(() => faceIndexKinds(config, faces.models())).catch(async (e: unknown) => {
    await store.close();
    throw e;
  });
  const logger = options.logger ?? { warn: (o: object, m: string) => process.stderr.write(`warn: ${m} ${JSON.stringify(o)}\n`), info: () => {} };
  // Samples stored before file names and templates were sealed are sealed now, before anything reads them.
  const legacy = await sealLegacySamples(store, envelope).catch(async (e: unknown) => {
    await store.close();
    throw e;
  });
  if (legacy.sealed > 0 || legacy.keyless > 0) logger.warn(legacy, 'sealed sample file names and templates stored in plaintext');
  const index = new FaceTemplateIndexes(store, {
    dir: join(config.dataDir, 'index'), dimensionOf: (m) => faces.dimension(m), kindOf, logger,
    openTemplate: templateOpener(store, envelope), snapshotKey: envelope.deriveKey('index-snapshot'),
    galleryIndex: config.faceIndexByGallery, recallEveryMs: config.indexRecallMinutes * 60_000,
    recallK: async (g) => (await store.galleries.get(g))?.maxCandidates ?? 10,
    onRecall: (m) => recordRecall(auditLog, m),
  });
  const base = defaultDeps(store);
  const now = options.now ?? base.now;
  const auditLog = new AuditLog({ store: store.audit, signer, clock: now });
  const mediaHasher = options.mediaHasher ?? new LocalMediaHasher({ decodeLimits });
  const services = createServices({ ...base, now, envelope, faces, index, mediaHasher, audit: new LogAuditTrail(auditLog), evidence: evidenceSignals, perceptual: perceptualMatching, hashSetFormats: registryHashSetFormats, faceRecords: faceRecordExchange({ fieldMapping: config.exchangeFieldMapping, maxPixels: config.imageMaxPixels }), marking: options.marking ?? releaseMarking }, auditLog, { calibrationEngine, ...(modelInstaller ? { modelInstaller } : {}), reembed: { batch: config.reembedBatch, onError: (galleryId, e) => logger.warn({ galleryId, err: String(e) }, 'reembed stopped; it resumes on the next start') } });
  return {
    config,
    services,
    auditLog,
    close: async () => {
      await services.reembeds.stop();
      await index.close();
      await mediaHasher.close();
      await faces.close?.();
      await store.close();
    },
  };
}

/** Logs one recall measurement of an HNSW gallery index (recall in units of 1/10,000). */
async function recordRecall(log: AuditLog, m: RecallMeasurement): Promise<void> {
  const counts = { recallAtKPer10k: Math.round(m.recallAtK * 10_000), k: m.k, sample: m.sample, M: m.M, efConstruction: m.efConstruction, efSearch: m.efSearch };
  await log.append({ actor: { user: 'system', agency: 'system', role: 'admin' }, action: 'index.recall', outcome: 'ok', galleries: [m.galleryId], object: { type: 'face-model', id: m.modelId }, result: { counts } });
}

/** Registered ONNX models are kept in `<data>/models` and run by the default face engine. */
export async function onnxModelInstaller(config: Config): Promise<FaceModelInstaller> {
  const { OnnxModelInstaller } = await import('../signals/face/onnx/onnx-model-installer.ts');
  return new OnnxModelInstaller({ dir: join(config.dataDir, 'models'), maxBytes: config.modelMaxBytes, threads: config.onnxThreads });
}

async function loadRegisteredModels(store: Store, installer: FaceModelInstaller | undefined, faces: FaceEngine): Promise<void> {
  if (installer) for (const m of await store.faceModels.list()) installer.offer(m);
  useBuiltInCalibrations(faces, await store.faceModels.calibrations());
}

async function defaultFaceEngine(config: Config, decodeLimits: { maxPixels: number }): Promise<FaceEngine> {
  // Loaded on demand: the model runtime is only imported by processes that build an engine.
  const { PoolFaceEngine } = await import('../signals/face/face-engine.ts');
  const { setDefaultNetworkRuntime } = await import('../signals/face/default-network-runtime.ts');
  setDefaultNetworkRuntime({ runtime: config.faceRuntime, cacheDir: join(config.dataDir, 'models'), threads: config.onnxThreads });
  return new PoolFaceEngine({ decodeLimits });
}
