// Dependencies of the workflow services beyond the store.
import type { Envelope } from './envelope.ts';
import type { ServiceDeps } from './deps.ts';
import type { AuditTrail } from './ports/audit-trail.ts';
import type { FaceEngine } from './ports/face-engine.ts';
import type { EvidenceSignals } from './ports/evidence-signals.ts';
import type { HashSetFormats } from './ports/hashset-formats.ts';
import type { FaceRecordExchange } from './ports/face-record-exchange.ts';
import type { ObjectionFilter } from './ports/objection-filter.ts';
import type { MediaHasher } from './ports/media-hasher.ts';
import type { PerceptualMatching } from './ports/perceptual-matching.ts';
import type { ReleaseMarking } from './ports/release-marking.ts';
import type { TemplateIndex } from './ports/template-index.ts';

export interface WorkflowDeps extends ServiceDeps {
  envelope: Envelope;
  faces: FaceEngine;
  index: TemplateIndex;
  audit: AuditTrail;
  /** Digests and perceptual hashes for objection evidence and checks. */
  evidence?: EvidenceSignals;
  /** Objection enforcement at enrollment and search; wired by createServices when `evidence` is given. */
  objections?: ObjectionFilter;
  /** Signals of seized media (digests, PDQ, vPDQ, EXIF) for triage. */
  mediaHasher: MediaHasher;
  /** The perceptual match rules (PDQ quality floor and radius over all variants, vPDQ) for triage and objections. */
  perceptual: PerceptualMatching;
  /** Marks images released to other agencies (visible band and metadata). */
  marking?: ReleaseMarking;
  /** Known-hash list formats (VICS 2.0 JSON, CSV) for hash-set import and export. */
  hashSetFormats: HashSetFormats;
  /** Biometric exchange formats (ANSI/NIST-ITL, ISO/IEC 19794-5): uploads split into face records, probes with landmarks, documents read for display, disclosures written as transactions. */
  faceRecords?: FaceRecordExchange;
}
