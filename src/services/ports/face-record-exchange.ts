// What disclosure needs from the biometric exchange formats: a released record written as an
// ANSI/NIST-ITL transaction for the requesting agency's own system. src/interop implements it.
import type { CoreData } from '../../domain/workflow.ts';

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

export interface FaceRecordExchange {
  /** Writes a Type-1/2(/10) transaction that the reader accepts. */
  writeDisclosure(input: DisclosureTransaction): Promise<Uint8Array>;
}
