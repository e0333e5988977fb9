// The one error registry. Every error a user can see has a stable code, an HTTP status used
// only by the API layer, and a message that says what to do. Add new codes here, nowhere else,
// and document them in docs/api.md (a test checks that every code is documented).

export interface ErrorSpec {
  readonly status: number;
  readonly message: string;
}

export const errorRegistry = {
  // request and input
  ABG_ERR_VALIDATION: { status: 400, message: 'The request is malformed or has invalid fields; see details.' },
  ABG_ERR_MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  ABG_ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'The request content type is not supported by this route.' },
  ABG_ERR_BODY_TOO_LARGE: { status: 413, message: 'The request body exceeds the configured limit.' },
  ABG_ERR_MALFORMED_MULTIPART: { status: 400, message: 'The multipart/form-data body is malformed: a boundary is missing, the body ends early or a part header is broken.' },
  ABG_ERR_TOO_MANY_PARTS: { status: 413, message: 'The upload has more files, fields or parts than this route or the configured limit accepts.' },
  ABG_ERR_MALFORMED_URL: { status: 400, message: 'The URL is malformed: a percent-encoding is invalid or a path segment is too long.' },
  ABG_ERR_HEADERS_TOO_LARGE: { status: 431, message: 'The request headers exceed the size the server accepts.' },
  ABG_ERR_REQUEST_TIMEOUT: { status: 408, message: 'The request was not received in time: the body stalled or took longer than the configured timeout.' },
  ABG_ERR_NOT_FOUND: { status: 404, message: 'The requested object does not exist or is not visible to you.' },
  ABG_ERR_ROUTE_NOT_FOUND: { status: 404, message: 'No such route; see /docs for the API.' },
  ABG_ERR_CONFLICT: { status: 409, message: 'The object already exists or conflicts with existing data.' },
  ABG_ERR_RATE_LIMITED: { status: 429, message: 'Too many requests for this token; retry after the indicated time.' },
  ABG_ERR_FILE_NOT_FOUND: { status: 400, message: 'A file or folder named on the command line does not exist; check the path.' },
  ABG_ERR_FILE_UNREADABLE: { status: 400, message: 'A file named on the command line cannot be read: it is a folder, or you lack the permission.' },
  ABG_ERR_AMBIGUOUS_NAME: { status: 400, message: 'The name matches more than one object; give its id instead. See details for the candidates.' },
  ABG_ERR_NO_VALID_ROWS: { status: 422, message: 'The file has no row that could be imported; nothing was written. See details for the rejected rows.' },
  // images and media
  ABG_ERR_EMPTY_FILE: { status: 422, message: 'The file is empty.' },
  ABG_ERR_IMAGE_TOO_LARGE: { status: 413, message: 'The image exceeds the configured byte or pixel limit (a possible decompression bomb); downscale it or raise the limit.' },
  ABG_ERR_UNSUPPORTED_IMAGE: { status: 415, message: 'The image format is not supported; use JPEG, PNG, WebP, TIFF or GIF.' },
  ABG_ERR_CORRUPT_IMAGE: { status: 422, message: 'The image cannot be decoded: it is corrupt, truncated or not an image.' },
  // exchange formats (ANSI/NIST-ITL, ISO/IEC 19794-5)
  ABG_ERR_EXCHANGE_MALFORMED: { status: 422, message: 'The exchange transaction or record is malformed; details.field names the field (for example 10.007) and details.reason what is wrong. Nothing was imported.' },
  ABG_ERR_NO_FACE_RECORD: { status: 422, message: 'The transaction carries no face record (a Type-10 record with image type FACE, or an ISO/IEC 19794-5 facial image); a fingerprint-only transaction cannot be enrolled or searched.' },
  ABG_ERR_EXCHANGE_UNSUPPORTED: { status: 415, message: 'The exchange document uses a feature this reader does not support (XML encoding, ISO/IEC 19794-5:2011, an unknown image compression); see details.' },
  // hashes, video and archives
  ABG_ERR_MALFORMED_TMK: { status: 422, message: 'The TMK file is malformed or incompatible: it must be a TMK1/FVEC/PDQF feature-vector file of the stated size.' },
  ABG_ERR_UNSUPPORTED_VIDEO: { status: 415, message: 'The video container or codec is not supported or has no video stream.' },
  ABG_ERR_CORRUPT_VIDEO: { status: 422, message: 'The video cannot be decoded: it is corrupt or truncated.' },
  ABG_ERR_VIDEO_TOO_LARGE: { status: 413, message: 'The video exceeds the configured frame-count, size or time limit; raise the limit or sample fewer frames.' },
  ABG_ERR_NO_AUDIO_STREAM: { status: 422, message: 'The file has no audio stream to fingerprint.' },
  ABG_ERR_CORRUPT_AUDIO: { status: 422, message: 'The audio cannot be decoded: it is corrupt, truncated or not a recording.' },
  ABG_ERR_AUDIO_TOO_LONG: { status: 413, message: 'The recording exceeds the audio length limit or its decoding ran past the time limit; cut it or raise the limit.' },
  ABG_ERR_NO_AUDIO_FINGERPRINT: { status: 422, message: 'The recording carries nothing to match: it is silent, a steady tone, steady noise or shorter than the minimum length (about 7 seconds).' },
  ABG_ERR_FFMPEG_MISSING: { status: 503, message: 'ffmpeg/ffprobe is not installed or not on PATH; install ffmpeg (e.g. apt-get install ffmpeg) to hash videos.' },
  ABG_ERR_UNSAFE_ARCHIVE: { status: 422, message: 'The archive is refused: an entry name leaves the archive (../ or absolute path), is a symbolic link or is encrypted.' },
  ABG_ERR_ARCHIVE_TOO_LARGE: { status: 413, message: 'The archive has too many entries or unpacks to more bytes than the configured limit (a possible zip bomb).' },
  ABG_ERR_CORRUPT_ARCHIVE: { status: 422, message: 'The archive cannot be read: it is corrupt, truncated or not a zip file.' },
  // faces and workflows
  ABG_ERR_NO_FACE: { status: 422, message: 'No face was found in the image; use a frontal, well-lit photo.' },
  ABG_ERR_QUALITY_TOO_LOW: { status: 422, message: 'The face is below the quality gate; see details for the reasons and use a better image.' },
  ABG_ERR_UNKNOWN_MODEL: { status: 422, message: 'The embedding model is not installed on this server; see GET /v1/models or "abgleich face embed --help".' },
  ABG_ERR_NO_AGREEMENT: { status: 403, message: 'No valid agreement allows your agency to search this gallery for this purpose.' },
  ABG_ERR_AGREEMENT_ENDED: { status: 403, message: 'The agreement this hit was found under was revoked or has expired: no disclosure request, approval, release of core data or verification of the disclosed subject under it.' },
  ABG_ERR_AGREEMENT_INVALID: { status: 422, message: 'The agreement is invalid: check galleries, purposes and validity window.' },
  ABG_ERR_ACCURACY_GATE: { status: 403, message: "The gallery's declared reliability is not met at its threshold; automatic identification is off — search in investigation mode." },
  ABG_ERR_DUPLICATE_REVIEW: { status: 409, message: 'You already decided on this hit; a second, different examiner must decide.' },
  ABG_ERR_HIT_NOT_PENDING: { status: 409, message: 'The hit is no longer pending; its review is complete.' },
  ABG_ERR_ACKNOWLEDGEMENT_REQUIRED: { status: 422, message: "The candidate's score is below the gallery's threshold: a match needs the examiner's explicit acknowledgement (acknowledgeBelowThreshold: true)." },
  ABG_ERR_HIT_NOT_CONFIRMED: { status: 409, message: 'Disclosure can be requested only for a hit confirmed by examiners.' },
  ABG_ERR_DISCLOSURE_NOT_APPROVED: { status: 403, message: 'Core data are released only after the owner approved the disclosure.' },
  ABG_ERR_OBJECTION: { status: 409, message: "The item matches a data subject's objection and is refused; details name the objection and the stage (exact, perceptual, face) that caught it." },
  ABG_ERR_ONWARD_TRANSFER: { status: 409, message: 'The image was released to an agency by its owner, or is a near copy of such an image (re-encoded, resized, cropped, mirrored): it may not be passed on or enrolled outside the owner; details name the release, its owner and the stage that recognised it.' },
  ABG_ERR_OBJECTION_NOT_ACTIVE: { status: 409, message: 'The objection was already withdrawn; file a new one if the person objects again.' },
  ABG_ERR_NOTICE_INVALID: { status: 422, message: 'The notice is incomplete or invalid: it needs a purpose, a legal basis, a case reference, a description, recipients and a validity that ends in the future (within a year); details.field names the field.' },
  ABG_ERR_NOTICE_UNKNOWN_RECIPIENT: { status: 422, message: 'A named recipient is not an agency of this installation, is your own agency, or no agency accepts notices for the purpose; details name it.' },
  ABG_ERR_NOTICE_FOUR_EYES: { status: 403, message: "The notice's creator may not approve it: another owner-officer of the issuing agency approves it before it is circulated." },
  ABG_ERR_NOTICE_STATE: { status: 409, message: 'The notice is not in a state that allows this: only a draft is approved, only a circulated notice is answered, and each recipient answers once.' },
  ABG_ERR_NOTICE_ENDED: { status: 409, message: 'The notice was withdrawn or has expired: it is no longer answered, searched or approved, and its probe is destroyed.' },
  ABG_ERR_SUBJECT_ERASED: { status: 410, message: 'The subject was erased; only a tombstone remains.' },
  ABG_ERR_RESTRICTED: { status: 403, message: "The owner restricted this subject's data after an objection: its core data, gallery image and 1:1 verification are closed to your agency; see GET /v1/recipient-notices." },
  ABG_ERR_KEY_MISSING: { status: 500, message: 'The master key is missing or wrong; set ABGLEICH_MASTER_KEY or restore <data>/keys/master.key.' },
  ABG_ERR_MODEL_MISMATCH: { status: 422, message: 'The two templates come from different embedding models and cannot be compared.' },
  ABG_ERR_MODEL_MANIFEST: { status: 422, message: 'The model manifest is not valid JSON or breaks its schema (docs/models.md); see the listed fields.' },
  ABG_ERR_MODEL_NO_LICENCE: { status: 422, message: 'The model manifest states no licence: give licence {name, url or text, licensee} for the weights.' },
  ABG_ERR_MODEL_TOO_LARGE: { status: 413, message: 'The model file exceeds the configured size limit (modelMaxBytes, ABGLEICH_MODEL_MAX_BYTES).' },
  ABG_ERR_MODEL_HASH_MISMATCH: { status: 422, message: "The model file's SHA-256 differs from the manifest's: the file is not the one the manifest describes." },
  ABG_ERR_MODEL_NOT_ONNX: { status: 422, message: 'The model file is not an ONNX graph ONNX Runtime can load.' },
  ABG_ERR_MODEL_IO_MISMATCH: { status: 422, message: "The graph's inputs or outputs do not match the manifest (name, element type, layout, size or dimension); see the detail." },
  ABG_ERR_MODEL_OUTPUT_INVALID: { status: 422, message: 'The model returned NaN, infinite or all-zero values on the built-in test chips.' },
  ABG_ERR_MODEL_OUTPUT_CONSTANT: { status: 422, message: 'The model returned the same vector for two different test chips: it does not describe faces.' },
  ABG_ERR_MODEL_EXISTS: { status: 409, message: 'A face model with this id or alias is already installed; give the new version its own id and alias.' },
  ABG_ERR_MODEL_UNCALIBRATED: { status: 409, message: 'The face model has no calibration yet, so no score can be stated as a false-match rate; calibrate it before searching or verifying with it.' },
  ABG_ERR_CALIBRATION_SET: { status: 422, message: 'The labelled set cannot be read: a pairs-file line is not "name n1 n2" or "name1 n1 name2 n2", or no person folder holds an image (docs/models.md#calibration).' },
  ABG_ERR_CALIBRATION_TOO_SMALL: { status: 422, message: 'The labelled set is too small to calibrate on: it needs at least 10 people, 20 genuine and 300 impostor comparisons between usable images; the detail gives the counts.' },
  ABG_ERR_REEMBED_RUNNING: { status: 409, message: 'The gallery is being re-embedded already; follow GET /v1/galleries/{id}/reembed until it has switched or failed.' },
  ABG_ERR_REEMBED_FAILED: { status: 422, message: 'The re-embedding stopped without switching: the new model could not embed the listed samples; the gallery stays on its model.' },
  ABG_ERR_REEMBED_SAME_MODEL: { status: 409, message: 'The gallery uses this face model already; re-embed onto another one.' },
  ABG_ERR_MODEL_BUILT_IN: { status: 409, message: 'A built-in model cannot be replaced by a registered one; register the licensed model under its own id and alias.' },
  ABG_ERR_FACE_TIMEOUT: { status: 503, message: 'Face analysis took longer than the configured limit; retry, or use a smaller image.' },
  ABG_ERR_FACE_WORKER_FAILED: { status: 503, message: 'The face analysis worker failed and was replaced; retry the request.' },
  // authentication and authorisation
  ABG_ERR_UNAUTHENTICATED: { status: 401, message: 'A valid API token is required: send "Authorization: Bearer <token>".' },
  ABG_ERR_TOKEN_EXPIRED: { status: 401, message: 'The API token has expired; ask an admin for a new one.' },
  ABG_ERR_TOKEN_REVOKED: { status: 401, message: 'The API token was revoked; ask an admin for a new one.' },
  ABG_ERR_FORBIDDEN: { status: 403, message: 'Your role or agency may not perform this action on this object.' },
  // configuration and infrastructure
  ABG_ERR_CONFIG: { status: 500, message: 'The service configuration is invalid; see details.' },
  ABG_ERR_DB_UNREACHABLE: { status: 503, message: 'The database cannot be reached; check the database URL and that the server runs.' },
  ABG_ERR_BUSY: { status: 503, message: 'The database is busy with another writer (another process on the same SQLite file); retry after the indicated time.' },
  ABG_ERR_STORE_UNAVAILABLE: { status: 503, message: 'The database connection was lost or the database accepts no writes yet (a restart or failover); the server reconnects by itself: retry after the indicated time.' },
  ABG_ERR_SERVER_UNREACHABLE: { status: 503, message: 'The command line cannot reach the Abgleich server; see the URL it tried.' },
  ABG_ERR_PROTOCOL: { status: 502, message: 'The server answered, but not as an Abgleich server does; check the server URL.' },
  ABG_ERR_INSECURE_CONFIG: { status: 400, message: 'The command-line profile file holds API tokens but other users may read it; restrict it with chmod 600.' },
  ABG_ERR_NOT_INITIALISED: { status: 503, message: 'The data directory is not initialised; run "abgleich init" first.' },
  // matching indexes
  ABG_ERR_INDEX_DIMENSION: { status: 400, message: 'The vector has the wrong number of dimensions for this index; use the embedding model the gallery was created with.' },
  ABG_ERR_INDEX_VALUE: { status: 400, message: 'The vector contains NaN or infinite values, or is all zeros; recompute the embedding.' },
  ABG_ERR_MALFORMED_HASH: { status: 400, message: 'The hash is malformed; a PDQ hash is 64 hexadecimal characters (256 bits).' },
  ABG_ERR_SNAPSHOT_CORRUPT: { status: 500, message: 'The index snapshot is corrupt or truncated; it will be rebuilt from the store.' },
  ABG_ERR_AUDIT_UNAVAILABLE: { status: 503, message: 'The action could not be written to the audit log, so it was not carried out; retry later.' },
  ABG_ERR_LOG_TRUNCATED: { status: 409, message: 'The log is smaller than the checkpoint the witness cosigned before: entries were cut off. The witness refuses to cosign; keep its state as evidence.' },
  ABG_ERR_LOG_INCONSISTENT: { status: 409, message: 'The log is not consistent with the checkpoint the witness cosigned before: its history was rewritten. The witness refuses to cosign; keep its state as evidence.' },
  ABG_ERR_WITNESS_REFUSED: { status: 422, message: 'The witness refused the checkpoint: unknown log, no valid log signature, or a malformed request; see the reason.' },
  ABG_ERR_INTERNAL: { status: 500, message: 'An unexpected error occurred; the request id in the log identifies it.' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof errorRegistry;

/** A domain error: carries a registry code and optional structured details. */
export class AbgError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, detail?: string, details?: Record<string, unknown>) {
    super(detail ? `${errorRegistry[code].message} ${detail}` : errorRegistry[code].message);
    this.name = 'AbgError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorRegistry[this.code].status;
  }
}

/** Throws the coded error; handy in expressions (`x ?? fail('ABG_ERR_NOT_FOUND')`). */
export function fail(code: ErrorCode, detail?: string, details?: Record<string, unknown>): never {
  throw new AbgError(code, detail, details);
}

export function isAbgError(e: unknown): e is AbgError {
  return e instanceof AbgError;
}
