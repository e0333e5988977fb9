// All services over one set of dependencies: what the API and the CLI call.
import { AgencyService } from './agency.service.ts';
import { AgreementService } from './agreement.service.ts';
import { AuditService } from './audit.service.ts';
import type { AuditLedger } from './ports/audit-ledger.ts';
import { AuthService } from './auth.service.ts';
import { DisclosureService } from './disclosure.service.ts';
import { EnrollmentService } from './enrollment.service.ts';
import { ErasureService } from './erasure.service.ts';
import { ReembedService, type ReembedOptions } from './reembed.service.ts';
import { ExportService } from './export.service.ts';
import { FaceModelService, type FaceModelView } from './face-model.service.ts';
import type { FaceModelInstaller } from './ports/face-models.ts';
import type { CalibrationEngine } from './ports/calibration.ts';
import { CalibrationService } from './calibration.service.ts';
import { GalleryService } from './gallery.service.ts';
import { HashSetService } from './hashset.service.ts';
import { TriageService } from './triage.service.ts';
import { NotificationService } from './notification.service.ts';
import { ObjectionEnforcement, type ObjectionOptions } from './objection-enforcement.ts';
import { ObjectionService } from './objection.service.ts';
import { logRefusals } from './refusal-log.ts';
import { refusalRules as R } from './refusal-rules.ts';
import { ProvenanceService } from './provenance.service.ts';
import { RecipientNoticeService } from './recipient-notices.ts';
import { PersonNoticeService } from './person-notice.service.ts';
import { ReleaseService } from './release.service.ts';
import { ReviewService } from './review.service.ts';
import { SearchService } from './search.service.ts';
import { TokenService } from './token.service.ts';
import { UserService } from './user.service.ts';
import { VerificationService } from './verification.service.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

export interface Services {
  deps: WorkflowDeps;
  auth: AuthService;
  agencies: AgencyService;
  users: UserService;
  tokens: TokenService;
  galleries: GalleryService;
  enrollment: EnrollmentService;
  provenance: ProvenanceService;
  agreements: AgreementService;
  searches: SearchService;
  reviews: ReviewService;
  releases: ReleaseService;
  disclosures: DisclosureService;
  verification: VerificationService;
  erasure: ErasureService;
  /** Re-embedding of galleries onto another face model, in the background of this process. */
  reembeds: ReembedService;
  audit: AuditService;
  notifications: NotificationService;
  objections: ObjectionService;
  exports: ExportService;
  hashSets: HashSetService;
  triage: TriageService;
  recipientNotices: RecipientNoticeService;
  /** Circulated notices about unknown persons: issue, approve, answer, standing searches, expiry. */
  personNotices: PersonNoticeService;
  /** Face models with dimension, thresholds at common FMRs, licence and calibration state. */
  models(): FaceModelView[];
  /** Registration of licensed face models (server administration on the host). */
  faceModels: FaceModelService;
  /** Calibration of registered face models on a labelled set, their accuracy declaration and DET curve. */
  calibrations: CalibrationService;
}

export function createServices(base: WorkflowDeps, auditLog: AuditLedger, options: { objections?: ObjectionOptions; modelInstaller?: FaceModelInstaller; calibrationEngine?: CalibrationEngine; reembed?: ReembedOptions } = {}): Services {
  const enforcement = new ObjectionEnforcement(base, options.objections);
  const objections = new ObjectionService(base, enforcement);
  // Enrollment and search consult objections through the narrow ObjectionFilter port.
  const deps: WorkflowDeps = base.evidence ? { ...base, objections: base.objections ?? enforcement } : base;
  // Every method that takes an actor logs its refusals (refusal-rules.ts).
  const releases = logRefusals(new ReleaseService(deps), R.releases, deps);
  const faceModels = new FaceModelService(deps, options.modelInstaller);
  const personNotices = logRefusals(new PersonNoticeService(deps), R.personNotices, deps);
  return {
    deps,
    auth: new AuthService(deps),
    agencies: logRefusals(new AgencyService(deps), R.agencies, deps),
    users: logRefusals(new UserService(deps), R.users, deps),
    tokens: logRefusals(new TokenService(deps), R.tokens, deps),
    galleries: logRefusals(new GalleryService(deps), R.galleries, deps),
    enrollment: logRefusals(new EnrollmentService(deps, releases, personNotices), R.enrollment, deps),
    provenance: logRefusals(new ProvenanceService(deps), R.provenance, deps),
    agreements: logRefusals(new AgreementService(deps), R.agreements, deps),
    searches: logRefusals(new SearchService(deps), R.searches, deps),
    reviews: logRefusals(new ReviewService(deps, releases), R.reviews, deps),
    releases,
    disclosures: logRefusals(new DisclosureService(deps, releases), R.disclosures, deps),
    verification: logRefusals(new VerificationService(deps), R.verification, deps),
    erasure: logRefusals(new ErasureService(deps), R.erasure, deps),
    reembeds: logRefusals(new ReembedService(deps, options.reembed), R.reembeds, deps),
    audit: logRefusals(new AuditService(auditLog, deps.now, deps.store), R.audit, deps),
    notifications: logRefusals(new NotificationService(deps), R.notifications, deps),
    objections: logRefusals(objections, R.objections, deps),
    exports: logRefusals(new ExportService(deps, enforcement), R.exports, deps),
    hashSets: logRefusals(new HashSetService(deps), R.hashSets, deps),
    triage: logRefusals(new TriageService(deps), R.triage, deps),
    recipientNotices: logRefusals(new RecipientNoticeService(deps), R.recipientNotices, deps),
    personNotices,
    models: () => faceModels.list(),
    faceModels,
    calibrations: logRefusals(new CalibrationService(deps, options.calibrationEngine, options.modelInstaller), R.calibrations, deps),
  };
}
