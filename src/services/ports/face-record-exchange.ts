// What the workflows need from the biometric exchange formats (ANSI/NIST-ITL, ISO/IEC 19794-5):
// uploads split into face images with their provenance, a probe with its landmarks, a document
// read for display, and a released record written as a transaction. src/interop implements it.
import type { FaceLandmark } from '../../domain/face.ts';
import type { CoreData } from '../../domain/workflow.ts';
import type { ManifestEntry } from '../enrollment-items.ts';

export interface DisclosureTransaction {
  /** ORI: the owning agency; DAI: the requesting agency (identifiers in 7-bit ASCII). */
  originator: string;
  destination: string;
  /** TCN: the disclosure's id. */
  controlNumber: string;
  date: Date;
  subjectRef: string;
  caseRef: string;
  coreData: CoreData;
  /** The restriction written into the transaction (no onward transfer). */
  notice: string;
  /** The released face image, where the agreement shows images. */
  image?: { bytes: Uint8Array; captureDate: string | null };
}

/** An uploaded file, or one face record of an uploaded exchange document with its manifest entry (reference, provenance, core data). */
export interface ExchangeUpload {
  fileName: string;
  data: Uint8Array;
  entry?: ManifestEntry;
}

/** A document read for display: per face record its fields beside a viewable image (base64). */
export interface ExchangeView {
  format: string;
  skipped: { row: number; reason: string }[];
  records: {
    idc: number;
    width: number;
    height: number;
    compression: string;
    featurePoints: { type: number; code: string; x: number; y: number }[];
    fields: { tag: string; name: string; value: string }[];
    mediaType: 'image/jpeg' | 'image/png';
    image: string;
  }[];
}

export interface FaceRecordExchange {
  /** Writes a Type-1/2(/10) transaction that the reader accepts. */
  writeDisclosure(input: DisclosureTransaction): Promise<Uint8Array>;
  /** Splits the exchange documents among uploaded files into one image per face record; other files pass unchanged. */
  expandUploads(files: { fileName: string; data: Uint8Array }[]): Promise<ExchangeUpload[]>;
  /** A search probe: an ordinary image as it is; an exchange document's first face with landmarks from its feature points. */
  probe(fileName: string, data: Uint8Array): Promise<{ probe: Uint8Array; probeLandmarks?: FaceLandmark[] }>;
  /** Reads a document for display; nothing is stored. */
  inspect(fileName: string, data: Uint8Array): Promise<ExchangeView>;
}
