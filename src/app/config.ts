// Configuration: defaults < config file < environment (ABGLEICH_*) < command-line flags.
import { defaultExchangeFieldMapping } from '../interop/exchange-field-mapping.ts';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { fail } from '../domain/errors.ts';
import { vectorIndexKindNames } from '../index/kinds.ts';
import { faceRuntimes } from '../signals/face/runtime-names.ts';

const galleryIndex = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('exact') }).strict(),
  z.object({ kind: z.literal('hnsw'), M: z.number().int().min(4).max(128).optional(), efConstruction: z.number().int().min(8).max(4096).optional(), efSearch: z.number().int().min(8).max(4096).optional() }).strict(),
]);
const indexKind = z.enum(vectorIndexKindNames, { message: `must be one of ${vectorIndexKindNames.join(', ')}` });

export const configSchema = z.object({
  dataDir: z.string().min(1),
  databaseUrl: z.string().min(1).optional().describe('postgres://… or sqlite:<file>; default: SQLite in the data directory'),
  host: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  bodyLimit: z.coerce.number().int().min(1024),
  uploadLimit: z.coerce.number().int().min(1024).describe('largest uploaded file in bytes'),
  uploadTotalLimit: z.coerce.number().int().min(1024).describe('largest multipart body in bytes, all files and fields together'),
  uploadFiles: z.coerce.number().int().min(1).describe('most files in one multipart request'),
  uploadFields: z.coerce.number().int().min(1).describe('most text fields in one multipart request'),
  requestTimeoutMs: z.coerce.number().int().min(100).describe('time to receive a whole request, headers and body, in ms'),
  bodyIdleTimeoutMs: z.coerce.number().int().min(0).describe('longest silence while a request body arrives, in ms (0: off)'),
  imageMaxPixels: z.coerce.number().int().min(1).describe('largest image width × height, read from the header before decoding'),
  archiveMaxEntries: z.coerce.number().int().min(1).describe('most entries in one zip archive'),
  archiveMaxEntryBytes: z.coerce.number().int().min(1).describe('largest uncompressed zip entry in bytes'),
  archiveMaxTotalBytes: z.coerce.number().int().min(1).describe('largest uncompressed zip archive in bytes'),
  archiveMaxRatio: z.coerce.number().min(1).describe('largest uncompressed : compressed ratio of a zip entry over 1 MiB'),
  rateLimitPerMinute: z.coerce.number().int().min(1),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  checkpointMinutes: z.coerce.number().min(0.01).max(1440),
  logRetentionDays: z.coerce.number().int().min(1).max(36500),
  dbBusyTimeoutMs: z.coerce.number().int().min(0).max(600_000).describe('how long a SQLite writer waits for another process holding the write lock before ABG_ERR_BUSY'),
  faceIndex: indexKind.describe('vector index of face templates: exact (int8 scan, float32 re-rank; flat is an alias) or an HNSW graph'),
  faceIndexByModel: z.record(z.string().min(1), indexKind).describe('index kind per face model id or alias, overriding faceIndex'),
  faceIndexByGallery: z.record(z.string().min(1), galleryIndex).describe('index per gallery id: {kind: exact} or {kind: hnsw, M?, efConstruction?, efSearch?}, built beside the model index'),
  indexRecallMinutes: z.coerce.number().min(0).max(10_080).describe('how often an HNSW gallery re-measures its recall@k against the exact scan (0: only after each build)'),
  modelMaxBytes: z.coerce.number().int().min(1).describe('largest ONNX face model file `abgleich model add` accepts, in bytes'),
  modelRefreshSeconds: z.coerce.number().min(0).max(86_400).describe('how often a running server looks for face models registered or calibrated on the host since it started (0: only when GET /v1/models is asked)'),
  reembedBatch: z.coerce.number().int().min(1).max(10_000).describe('samples a gallery re-embedding embeds and commits together with its progress marker'),
  onnxThreads: z.coerce.number().int().min(1).max(64).describe('ONNX Runtime threads per model in a face worker (detector, default network, registered models)'),
  exchangeFieldMapping: z.record(z.string().regex(/^2\.\d{3}$/), z.enum(['name', 'dateOfBirth', 'nationality', 'sex', 'reasonOfCapture'])).describe('ANSI/NIST-ITL Type-2 field tag → core data field, for enrollment from a transaction'),
  faceRuntime: z.enum(faceRuntimes).describe('runtime of the face detector and the default face network: onnx (graphs converted from their weights, on ONNX Runtime, faster) or tfjs (Human and TensorFlow.js); same landmarks, same templates'),
});

export type Config = z.infer<typeof configSchema>;

export const defaults: Config = {
  dataDir: './data',
  host: '127.0.0.1',
  port: 8080,
  bodyLimit: 1024 * 1024,
  uploadLimit: 30 * 1024 * 1024,
  uploadTotalLimit: 256 * 1024 * 1024,
  uploadFiles: 1000,
  uploadFields: 100,
  requestTimeoutMs: 300_000,
  bodyIdleTimeoutMs: 30_000,
  imageMaxPixels: 40_000_000,
  archiveMaxEntries: 100_000,
  archiveMaxEntryBytes: 256 * 1024 * 1024,
  archiveMaxTotalBytes: 4 * 1024 ** 3,
  archiveMaxRatio: 100,
  rateLimitPerMinute: 600,
  logLevel: 'info',
  checkpointMinutes: 60,
  // SIS keeps its logs for three years.
  logRetentionDays: 1095,
  dbBusyTimeoutMs: 5000,
  faceIndex: 'exact',
  faceIndexByModel: {},
  faceIndexByGallery: {},
  indexRecallMinutes: 60,
  modelMaxBytes: 1024 ** 3,
  modelRefreshSeconds: 30,
  reembedBatch: 32,
  // The face pool runs one worker per core already.
  onnxThreads: 1,
  exchangeFieldMapping: defaultExchangeFieldMapping,
  // Measured faster on the same descriptor (docs/models.md, bench face-throughput).
  faceRuntime: 'onnx',
};

/** Environment variables and the config keys they set. */
export const envKeys: Record<string, keyof Config> = {
  ABGLEICH_DATA: 'dataDir',
  ABGLEICH_DATABASE_URL: 'databaseUrl',
  ABGLEICH_HOST: 'host',
  ABGLEICH_PORT: 'port',
  ABGLEICH_BODY_LIMIT: 'bodyLimit',
  ABGLEICH_UPLOAD_LIMIT: 'uploadLimit',
  ABGLEICH_UPLOAD_TOTAL_LIMIT: 'uploadTotalLimit',
  ABGLEICH_UPLOAD_FILES: 'uploadFiles',
  ABGLEICH_UPLOAD_FIELDS: 'uploadFields',
  ABGLEICH_REQUEST_TIMEOUT_MS: 'requestTimeoutMs',
  ABGLEICH_BODY_IDLE_TIMEOUT_MS: 'bodyIdleTimeoutMs',
  ABGLEICH_IMAGE_MAX_PIXELS: 'imageMaxPixels',
  ABGLEICH_ARCHIVE_MAX_ENTRIES: 'archiveMaxEntries',
  ABGLEICH_ARCHIVE_MAX_ENTRY_BYTES: 'archiveMaxEntryBytes',
  ABGLEICH_ARCHIVE_MAX_TOTAL_BYTES: 'archiveMaxTotalBytes',
  ABGLEICH_ARCHIVE_MAX_RATIO: 'archiveMaxRatio',
  ABGLEICH_RATE_LIMIT: 'rateLimitPerMinute',
  ABGLEICH_LOG_LEVEL: 'logLevel',
  ABGLEICH_CHECKPOINT_MINUTES: 'checkpointMinutes',
  ABGLEICH_LOG_RETENTION_DAYS: 'logRetentionDays',
  ABGLEICH_DB_BUSY_TIMEOUT_MS: 'dbBusyTimeoutMs',
  ABGLEICH_FACE_INDEX: 'faceIndex',
  ABGLEICH_INDEX_RECALL_MINUTES: 'indexRecallMinutes',
  ABGLEICH_MODEL_MAX_BYTES: 'modelMaxBytes',
  ABGLEICH_MODEL_REFRESH_SECONDS: 'modelRefreshSeconds',
  ABGLEICH_REEMBED_BATCH: 'reembedBatch',
  ABGLEICH_ONNX_THREADS: 'onnxThreads',
  ABGLEICH_FACE_RUNTIME: 'faceRuntime',
};

export interface ConfigSources {
  flags?: Partial<Record<keyof Config, unknown>> & { config?: string };
  env?: NodeJS.ProcessEnv;
}

export function loadConfig({ flags = {}, env = process.env }: ConfigSources = {}): Config {
  const fromEnv: Partial<Record<keyof Config, unknown>> = {};
  for (const [name, key] of Object.entries(envKeys)) if (env[name] !== undefined && env[name] !== '') fromEnv[key] = env[name];
  const cleanFlags = Object.fromEntries(Object.entries(flags).filter(([k, v]) => v !== undefined && k !== 'config'));
  const dataDir = String(cleanFlags.dataDir ?? fromEnv.dataDir ?? defaults.dataDir);
  const file = flags.config ?? env.ABGLEICH_CONFIG ?? join(dataDir, 'abgleich.json');
  const fromFile = readConfigFile(file, Boolean(flags.config ?? env.ABGLEICH_CONFIG));
  const merged = { ...defaults, ...fromFile, ...fromEnv, ...cleanFlags };
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    fail('ABG_ERR_CONFIG', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  return { ...parsed.data, dataDir: resolve(parsed.data.dataDir) };
}

function readConfigFile(file: string, required: boolean): Record<string, unknown> {
  if (!existsSync(file)) {
    if (required) fail('ABG_ERR_CONFIG', `Config file ${file} does not exist.`);
    return {};
  }
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('ABG_ERR_CONFIG', `${file} must hold a JSON object.`);
    const unknownKeys = Object.keys(value).filter((k) => !(k in configSchema.shape));
    if (unknownKeys.length > 0) fail('ABG_ERR_CONFIG', `${file}: unknown keys ${unknownKeys.join(', ')}.`);
    return value as Record<string, unknown>;
  } catch (e) {
    if (e instanceof SyntaxError) fail('ABG_ERR_CONFIG', `${file} is not valid JSON: ${e.message}`);
    throw e;
  }
}

/** The database the configuration points at: PostgreSQL by URL, else SQLite in the data directory. */
export function databaseUrlOf(config: Config): string {
  return config.databaseUrl ?? `sqlite:${join(config.dataDir, 'abgleich.db')}`;
}

/** The zip archive limits the configuration sets (triage over the API and the command line). */
export function archiveLimitsOf(config: Config): { maxEntries: number; maxEntryBytes: number; maxTotalBytes: number; maxRatio: number } {
  return { maxEntries: config.archiveMaxEntries, maxEntryBytes: config.archiveMaxEntryBytes, maxTotalBytes: config.archiveMaxTotalBytes, maxRatio: config.archiveMaxRatio };
}
