// Circulated notices about unknown persons (push direction): the issuer's operator drafts one from
// an upload, a triage finding or a search without hits; another of its officers approves it; each
// named (or accepting) agency's officer accepts it for its own galleries or declines; the recipient
// searches now and on every later enrollment; its examiners review; the issuer learns hit / no-hit;
// step 2 goes through the disclosure path. Withdrawal and expiry destroy the probe (key destruction).
import { createHash } from 'node:crypto';
import type { Actor } from '../domain/entities.ts';
import { fail } from '../domain/errors.ts';
import { authorize } from '../domain/policy.ts';
import { noticeActive, validateNewNotice, type NewNotice, type NoticeRecipient, type NoticeSource, type PersonNotice } from '../domain/person-notice.ts';
import type { Disclosure, SearchRecord } from '../domain/workflow.ts';
import { issuedView, receivedView, type IssuedNoticeView, type ReceivedNoticeView } from './person-notice-views.ts';
import { noticeCandidates, noticeHits, noticeKeyContext, noticeProbeContext, sealNoticeTemplate, standingSearch } from './person-notice-search.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

export interface NoticeSourceInput {
  kind: NoticeSource['kind'];
  /** upload: the file name. */
  fileName?: string;
  /** triage: the run and the file's sequence number in it. */
  triageRunId?: string;
  seq?: number;
  /** search: a search of the agency that found no candidate. */
  searchId?: string;
}

export interface CreateNoticeInput extends NewNotice {
  image: Uint8Array;
  source: NoticeSourceInput;
}

export class PersonNoticeService {
  constructor(private readonly deps: WorkflowDeps) {}

  /** Drafts a notice; it leaves the agency only once another officer approves it. */
  async create(actor: Actor, input: CreateNoticeInput): Promise<{ notice: IssuedNoticeView; logIndex: number }> {
    authorize(actor, 'notice.create', { type: 'agency', agencyId: actor.agencyId });
    const { store, envelope } = this.deps;
    const now = this.deps.now();
    const v = validateNewNotice(input, now);
    const named = v.recipients === 'all' ? [] : await this.namedRecipients(actor, v.recipients);
    const source = await this.source(actor, input.source, input.image);
    const modelId = this.deps.faces.models()[0] ?? fail('ABG_ERR_UNKNOWN_MODEL', 'No face model is installed.');
    const faces = await this.deps.faces.analyse(input.image, { modelId });
    if (faces.length === 0) fail('ABG_ERR_NO_FACE');
    if (faces[0]!.quality.verdict === 'reject') fail('ABG_ERR_QUALITY_TOO_LOW', faces[0]!.quality.reasons.join('; '), { quality: faces[0]!.quality });
    const id = this.deps.newId();
    const key = envelope.newDataKey(noticeKeyContext(id));
    const notice: PersonNotice = {
      id, issuerAgencyId: actor.agencyId, purpose: v.purpose, legalBasis: v.legalBasis, caseRef: v.caseRef, description: v.description,
      recipientMode: v.recipients === 'all' ? 'all' : 'named', recipientAgencyIds: named, validUntil: v.validUntil, state: 'draft', source,
      sealedProbe: envelope.seal(key.plain, input.image, noticeProbeContext(id)), probeKey: key.wrapped, createdBy: actor.userId, createdAt: now.toISOString(),
      approvedBy: null, approvedAt: null, endedBy: null, endedAt: null,
    };
    const logIndex = await store.transaction(async (tx) => {
      await tx.personNotices.insert(notice);
      return this.deps.audit.append({
        action: 'notice.create', actor, purpose: notice.purpose, caseRef: notice.caseRef, object: { type: 'notice', id }, probes: [envelope.commit(input.image)],
        recipients: named, decision: source.kind,
      }, tx);
    });
    return { notice: await issuedView(store, notice, now), logIndex };
  }

  /** The second officer's approval: the notice circulates to its recipients. */
  async approve(actor: Actor, id: string): Promise<{ notice: IssuedNoticeView; logIndex: number }> {
    const n = await this.issued(actor, id);
    authorize(actor, 'notice.approve', { type: 'agency', agencyId: actor.agencyId });
    if (n.createdBy === actor.userId) fail('ABG_ERR_NOTICE_FOUR_EYES');
    if (n.state === 'withdrawn' || n.state === 'expired') fail('ABG_ERR_NOTICE_ENDED', `State: ${n.state}.`);
    if (n.state !== 'draft') fail('ABG_ERR_NOTICE_STATE', `State: ${n.state}; only a draft is approved.`);
    const now = this.deps.now();
    if (Date.parse(n.validUntil) <= now.getTime()) fail('ABG_ERR_NOTICE_ENDED', `Its validity ended at ${n.validUntil}.`);
    const recipients = n.recipientMode === 'named' ? n.recipientAgencyIds : (await this.deps.store.personNotices.acceptingAgencies(n.purpose)).filter((a) => a !== n.issuerAgencyId);
    if (recipients.length === 0) fail('ABG_ERR_NOTICE_UNKNOWN_RECIPIENT', `No other agency accepts notices for ${n.purpose}.`, { purpose: n.purpose });
    const at = now.toISOString();
    const logIndex = await this.deps.store.transaction(async (tx) => {
      if (!(await tx.personNotices.transition(id, 'draft', 'circulated', { approvedBy: actor.userId, approvedAt: at, recipientAgencyIds: recipients }))) fail('ABG_ERR_NOTICE_STATE', 'It was approved or withdrawn meanwhile.');
      await tx.personNotices.insertRecipients(recipients.map((agencyId): NoticeRecipient => ({
        noticeId: id, agencyId, state: 'received', galleryIds: [], reason: null, decidedBy: null, decidedAt: null, sealedTemplates: {}, searchId: null, createdAt: at,
      })));
      for (const agencyId of recipients) await tx.notifications.insert({ id: this.deps.newId(), agencyId, kind: 'notice.received', payload: { noticeId: id }, createdAt: at, readAt: null });
      return this.deps.audit.append({ action: 'notice.circulate', actor, purpose: n.purpose, caseRef: n.caseRef, object: { type: 'notice', id }, recipients, decision: 'approved' }, tx);
    });
    return { notice: await issuedView(this.deps.store, (await this.deps.store.personNotices.get(id))!, now), logIndex };
  }

  /** Withdraws a draft or circulating notice; the probe and every recipient's templates are destroyed. */
  async withdraw(actor: Actor, id: string): Promise<{ notice: IssuedNoticeView; logIndex: number }> {
    const n = await this.issued(actor, id);
    authorize(actor, 'notice.withdraw', { type: 'agency', agencyId: actor.agencyId });
    if (n.state !== 'draft' && n.state !== 'circulated') fail('ABG_ERR_NOTICE_ENDED', `State: ${n.state}.`);
    const logIndex = await this.end(n, 'withdrawn', actor);
    return { notice: await issuedView(this.deps.store, (await this.deps.store.personNotices.get(id))!, this.deps.now()), logIndex };
  }

  /** The scheduled job: circulating notices past their validity expire and their probes are destroyed. */
  async expireAll(): Promise<number> {
    const expired = await this.deps.store.personNotices.listExpired(this.deps.now().toISOString());
    for (const n of expired) await this.end(n, 'expired', null);
    return expired.length;
  }

  /** Notices the actor's agency issued. */
  async listIssued(actor: Actor): Promise<IssuedNoticeView[]> {
    authorize(actor, 'notice.read', { type: 'agency', agencyId: actor.agencyId });
    const now = this.deps.now();
    return Promise.all((await this.deps.store.personNotices.listByIssuer(actor.agencyId)).map((n) => issuedView(this.deps.store, n, now)));
  }

  /** One notice: to its issuer with the answers, to a recipient with its own answer; to anyone else it does not exist. */
  async get(actor: Actor, id: string): Promise<{ issued: IssuedNoticeView } | { received: ReceivedNoticeView }> {
    const n = await this.deps.store.personNotices.get(id);
    if (n && n.issuerAgencyId === actor.agencyId) {
      authorize(actor, 'notice.read', { type: 'agency', agencyId: actor.agencyId });
      return { issued: await issuedView(this.deps.store, n, this.deps.now()) };
    }
    const { notice, recipient } = await this.received(actor, id);
    authorize(actor, 'notice.inbox', { type: 'agency', agencyId: actor.agencyId });
    return { received: await receivedView(this.deps.store, notice, recipient, this.deps.now()) };
  }

  /** Notices the actor's agency received. */
  async inbox(actor: Actor): Promise<ReceivedNoticeView[]> {
    authorize(actor, 'notice.inbox', { type: 'agency', agencyId: actor.agencyId });
    const now = this.deps.now();
    return Promise.all((await this.deps.store.personNotices.inbox(actor.agencyId)).map((x) => receivedView(this.deps.store, x.notice, x.recipient, now)));
  }

  /** The probe image, for the issuer and the named recipients while it is kept. */
  async probeImage(actor: Actor, id: string): Promise<Buffer> {
    const n = await this.deps.store.personNotices.get(id);
    if (n && n.issuerAgencyId === actor.agencyId) authorize(actor, 'notice.read', { type: 'agency', agencyId: actor.agencyId });
    else {
      await this.received(actor, id);
      authorize(actor, 'notice.inbox', { type: 'agency', agencyId: actor.agencyId });
    }
    if (!n!.sealedProbe || !n!.probeKey) fail('ABG_ERR_NOTICE_ENDED', 'The probe was destroyed.');
    return this.deps.envelope.open(this.deps.envelope.unwrap(n!.probeKey, noticeKeyContext(id)), n!.sealedProbe, noticeProbeContext(id));
  }

  /** The recipient's officer accepts for its own galleries: the probe is searched now and stays a standing search. */
  async accept(actor: Actor, id: string, galleryIds: string[]): Promise<{ notice: ReceivedNoticeView; potentialHits: number; logIndex: number }> {
    const { notice: n } = await this.answerable(actor, id);
    const chosen = [...new Set(galleryIds)];
    if (chosen.length === 0) fail('ABG_ERR_VALIDATION', 'Choose at least one of your face galleries.');
    const galleries = [];
    for (const gid of chosen) {
      const g = await this.deps.store.galleries.get(gid);
      if (!g || g.agencyId !== actor.agencyId) fail('ABG_ERR_NOT_FOUND', `Gallery ${gid}.`);
      if (g.kind !== 'face' || !g.modelId) fail('ABG_ERR_VALIDATION', `Gallery ${g.name} is not a face gallery.`);
      if (!g.purposes.includes(n.purpose)) fail('ABG_ERR_VALIDATION', `Gallery ${g.name} may not be searched for ${n.purpose}.`);
      galleries.push(g);
    }
    const { envelope } = this.deps;
    if (!n.probeKey || !n.sealedProbe) fail('ABG_ERR_NOTICE_ENDED', 'The probe was destroyed.');
    const key = envelope.unwrap(n.probeKey, noticeKeyContext(id));
    const probe = envelope.open(key, n.sealedProbe, noticeProbeContext(id));
    const templates: Record<string, string> = {};
    const found = [];
    for (const modelId of new Set(galleries.map((g) => g.modelId!))) {
      const [face] = await this.deps.faces.analyse(probe, { modelId });
      if (!face) fail('ABG_ERR_NO_FACE');
      templates[modelId] = sealNoticeTemplate(this.deps, key, id, actor.agencyId, modelId, face.embedding);
      for (const g of galleries.filter((x) => x.modelId === modelId)) found.push(...(await noticeCandidates(this.deps, g, face.embedding)));
    }
    const agency = (await this.deps.store.agencies.get(actor.agencyId))!;
    const searchId = this.deps.newId();
    const searchKey = envelope.newDataKey(`search:${searchId}`);
    const at = this.deps.now().toISOString();
    const search: SearchRecord = {
      id: searchId, kind: 'search', agencyId: actor.agencyId, userId: actor.userId, purpose: n.purpose, caseRef: n.caseRef, authorisationRef: `notice ${id}`,
      mode: 'identification', galleryIds: chosen, probeCommitment: envelope.commit(probe), sealedProbe: envelope.seal(searchKey.plain, probe, `probe:${searchId}`),
      probeKey: searchKey.wrapped, result: { noticeId: id, candidates: found.length }, createdAt: at,
    };
    const { hits, links } = noticeHits(this.deps, n, agency, searchId, found, 1);
    const logIndex = await this.deps.store.transaction(async (tx) => {
      if (!(await tx.personNotices.answer(id, actor.agencyId, { state: 'accepted', galleryIds: chosen, reason: null, decidedBy: actor.userId, decidedAt: at, sealedTemplates: templates, searchId }))) {
        fail('ABG_ERR_NOTICE_STATE', 'Your agency answered this notice already.');
      }
      await tx.searches.insert(search);
      await tx.hits.insertMany(hits);
      await tx.personNotices.insertHits(links);
      const common = { actor, purpose: n.purpose, caseRef: n.caseRef, galleries: chosen, object: { type: 'notice', id } };
      const index = await this.deps.audit.append({ ...common, action: 'notice.accept', decision: 'accepted', probes: [search.probeCommitment], result: { counts: { candidates: hits.length, potentialHits: hits.length }, ids: hits.map((h) => h.id) } }, tx);
      if (hits.length > 0) return index;
      await tx.notifications.insert({ id: this.deps.newId(), agencyId: n.issuerAgencyId, kind: 'notice.answered', payload: { noticeId: id, recipientAgencyId: actor.agencyId, answer: 'no-hit' }, createdAt: at, readAt: null });
      return this.deps.audit.append({ ...common, action: 'notice.answer', decision: 'no-hit', recipients: [n.issuerAgencyId] }, tx);
    });
    return { notice: await receivedView(this.deps.store, (await this.deps.store.personNotices.get(id))!, (await this.deps.store.personNotices.recipient(id, actor.agencyId))!, this.deps.now()), potentialHits: hits.length, logIndex };
  }

  /** The recipient's officer declines with a reason; the issuer learns the decline and its reason. */
  async decline(actor: Actor, id: string, reason: string): Promise<{ notice: ReceivedNoticeView; logIndex: number }> {
    const { notice: n } = await this.answerable(actor, id);
    const why = reason.trim();
    if (!why) fail('ABG_ERR_VALIDATION', 'A reason is required with a decline.');
    const at = this.deps.now().toISOString();
    const logIndex = await this.deps.store.transaction(async (tx) => {
      if (!(await tx.personNotices.answer(id, actor.agencyId, { state: 'declined', galleryIds: [], reason: why, decidedBy: actor.userId, decidedAt: at, sealedTemplates: {}, searchId: null }))) {
        fail('ABG_ERR_NOTICE_STATE', 'Your agency answered this notice already.');
      }
      await tx.notifications.insert({ id: this.deps.newId(), agencyId: n.issuerAgencyId, kind: 'notice.declined', payload: { noticeId: id, recipientAgencyId: actor.agencyId }, createdAt: at, readAt: null });
      return this.deps.audit.append({ action: 'notice.decline', actor, purpose: n.purpose, caseRef: n.caseRef, object: { type: 'notice', id }, decision: 'declined', recipients: [n.issuerAgencyId] }, tx);
    });
    return { notice: await receivedView(this.deps.store, n, (await this.deps.store.personNotices.recipient(id, actor.agencyId))!, this.deps.now()), logIndex };
  }

  /** Step 2 for a confirmed hit under the notice: the issuer asks; the recipient's officer decides through the disclosure path. */
  async requestDisclosure(actor: Actor, id: string, reference: string, justification: string): Promise<{ disclosure: Disclosure; logIndex: number }> {
    const n = await this.issued(actor, id);
    authorize(actor, 'notice.request-disclosure', { type: 'agency', agencyId: actor.agencyId });
    const link = await this.deps.store.personNotices.hitById(reference);
    if (!link || link.noticeId !== id) fail('ABG_ERR_NOT_FOUND', `Reference ${reference}.`);
    const hit = (await this.deps.store.hits.get(link.hitId)) ?? fail('ABG_ERR_NOT_FOUND', `Reference ${reference}.`);
    if (hit.state !== 'confirmed') fail('ABG_ERR_NOT_FOUND', `Reference ${reference}.`);
    if (!justification.trim()) fail('ABG_ERR_VALIDATION', 'A justification is required.');
    const at = this.deps.now().toISOString();
    return this.deps.store.transaction(async (tx) => {
      const open = (await tx.disclosures.listByHit(hit.id)).filter((d) => d.state !== 'denied');
      if (open.length > 0) fail('ABG_ERR_CONFLICT', `Disclosure ${open[0]!.id} for this reference is already ${open[0]!.state}.`);
      const disclosure: Disclosure = {
        id: this.deps.newId(), hitId: hit.id, requesterAgencyId: actor.agencyId, ownerAgencyId: hit.ownerAgencyId, subjectId: hit.subjectId, caseRef: n.caseRef,
        justification: justification.trim(), state: 'pending', requestedBy: actor.userId, createdAt: at, decidedBy: null, decidedAt: null, decisionNote: null,
      };
      await tx.disclosures.insert(disclosure);
      await tx.notifications.insert({ id: this.deps.newId(), agencyId: hit.ownerAgencyId, kind: 'disclosure.requested', payload: { disclosureId: disclosure.id, noticeId: id, hitId: hit.id }, createdAt: at, readAt: null });
      const logIndex = await this.deps.audit.append({ action: 'disclosure.request', actor, caseRef: n.caseRef, purpose: n.purpose, object: { type: 'disclosure', id: disclosure.id }, result: { ids: [reference] }, recipients: [hit.ownerAgencyId] }, tx);
      return { disclosure: { ...disclosure, subjectId: '' }, logIndex };
    });
  }

  /** The purposes for which the actor's agency accepts notices (the "all agencies" recipients). */
  async acceptedPurposes(actor: Actor): Promise<string[]> {
    authorize(actor, 'notice.inbox', { type: 'agency', agencyId: actor.agencyId });
    return this.deps.store.personNotices.acceptedPurposes(actor.agencyId);
  }

  /** Sets the purposes for which the actor's agency accepts notices. */
  async setAcceptedPurposes(actor: Actor, purposes: string[]): Promise<{ purposes: string[]; logIndex: number }> {
    authorize(actor, 'notice.settings', { type: 'agency', agencyId: actor.agencyId });
    const clean = [...new Set(purposes.map((p) => p.trim()).filter(Boolean))].sort();
    if (clean.some((p) => p.length > 100)) fail('ABG_ERR_VALIDATION', 'A purpose is at most 100 characters.');
    const logIndex = await this.deps.store.transaction(async (tx) => {
      await tx.personNotices.setAcceptedPurposes(actor.agencyId, clean);
      return this.deps.audit.append({ action: 'notice.settings', actor, object: { type: 'agency', id: actor.agencyId }, fields: ['acceptedPurposes'] }, tx);
    });
    return { purposes: clean, logIndex };
  }

  /** After an enrollment committed: the standing searches of the gallery; returns the potential hits made. */
  async afterEnrollment(galleryId: string, sample: { id: string; subjectId: string }, template: Float32Array): Promise<number> {
    const gallery = await this.deps.store.galleries.get(galleryId);
    if (!gallery?.modelId) return 0;
    return standingSearch(this.deps, gallery, sample, template);
  }

  private async end(n: PersonNotice, to: 'withdrawn' | 'expired', actor: Actor | null): Promise<number> {
    const at = this.deps.now().toISOString();
    const logIndex = await this.deps.store.transaction(async (tx) => {
      if (!(await tx.personNotices.transition(n.id, n.state, to, { endedBy: actor?.userId ?? null, endedAt: at }))) fail('ABG_ERR_NOTICE_ENDED', 'It ended meanwhile.');
      const recipients = (await tx.personNotices.recipients(n.id)).map((r) => r.agencyId);
      await tx.personNotices.destroyProbe(n.id);
      for (const agencyId of recipients) await tx.notifications.insert({ id: this.deps.newId(), agencyId, kind: `notice.${to}`, payload: { noticeId: n.id }, createdAt: at, readAt: null });
      return this.deps.audit.append({
        action: to === 'withdrawn' ? 'notice.withdraw' : 'notice.expire', actor, systemAgencyId: n.issuerAgencyId, purpose: n.purpose, caseRef: n.caseRef,
        object: { type: 'notice', id: n.id }, recipients, decision: 'probe-destroyed', fields: ['probe', 'templates'],
      }, tx);
    });
    // The destroyed key, probe and templates leave the database files too (SQLite: secure delete and WAL truncation).
    await this.deps.store.compact();
    return logIndex;
  }

  private async issued(actor: Actor, id: string): Promise<PersonNotice> {
    const n = await this.deps.store.personNotices.get(id);
    if (!n || n.issuerAgencyId !== actor.agencyId) fail('ABG_ERR_NOT_FOUND', `Notice ${id}.`);
    return n;
  }

  private async received(actor: Actor, id: string): Promise<{ notice: PersonNotice; recipient: NoticeRecipient }> {
    const [notice, recipient] = await Promise.all([this.deps.store.personNotices.get(id), this.deps.store.personNotices.recipient(id, actor.agencyId)]);
    // A notice exists only for its issuer and the agencies it was circulated to.
    if (!notice || !recipient) fail('ABG_ERR_NOT_FOUND', `Notice ${id}.`);
    return { notice, recipient };
  }

  private async answerable(actor: Actor, id: string) {
    const x = await this.received(actor, id);
    authorize(actor, 'notice.answer', { type: 'agency', agencyId: actor.agencyId });
    if (!noticeActive(x.notice, this.deps.now())) fail('ABG_ERR_NOTICE_ENDED', `State: ${x.notice.state === 'circulated' ? 'expired' : x.notice.state}.`);
    if (x.recipient.state !== 'received') fail('ABG_ERR_NOTICE_STATE', `Your agency ${x.recipient.state} it already.`);
    return x;
  }

  private async namedRecipients(actor: Actor, named: string[]): Promise<string[]> {
    const out: string[] = [];
    for (const ref of named) {
      const a = (await this.deps.store.agencies.get(ref)) ?? (await this.deps.store.agencies.getByName(ref));
      if (!a) fail('ABG_ERR_NOTICE_UNKNOWN_RECIPIENT', `No agency ${ref}.`, { recipient: ref });
      if (a.id === actor.agencyId) fail('ABG_ERR_NOTICE_UNKNOWN_RECIPIENT', 'Your own agency is not a recipient: search your galleries directly.', { recipient: ref });
      if (!out.includes(a.id)) out.push(a.id);
    }
    return out;
  }

  private async source(actor: Actor, s: NoticeSourceInput, image: Uint8Array): Promise<NoticeSource> {
    const { store } = this.deps;
    if (s.kind === 'triage') {
      const run = s.triageRunId ? await store.triage.getRun(s.triageRunId) : undefined;
      if (!run || run.agencyId !== actor.agencyId) fail('ABG_ERR_NOT_FOUND', `Triage run ${s.triageRunId ?? ''}.`);
      const file = (await store.triage.results(run.id)).find((f) => f.seq === s.seq) ?? fail('ABG_ERR_NOT_FOUND', `File ${s.seq ?? ''} of triage run ${run.id}.`);
      if (!file.faces?.length) fail('ABG_ERR_NO_FACE', `Triage found no face in ${file.file}.`);
      // A photo is the seized file itself; a video's face is a frame taken from it.
      if (file.type === 'photo' && file.sha256 !== createHash('sha256').update(image).digest('hex')) fail('ABG_ERR_NOTICE_INVALID', `The image is not the seized file ${file.file} (SHA-256 differs).`, { field: 'image' });
      return { kind: 'triage', ref: `${run.id}#${file.seq} ${file.file}` };
    }
    if (s.kind === 'search') {
      const search = s.searchId ? await store.searches.get(s.searchId) : undefined;
      if (!search || search.agencyId !== actor.agencyId || search.kind !== 'search') fail('ABG_ERR_NOT_FOUND', `Search ${s.searchId ?? ''}.`);
      if ((await store.hits.listBySearch(search.id)).some((h) => h.state !== 'rejected')) fail('ABG_ERR_NOTICE_INVALID', 'The search has candidates that were not rejected; review them first.', { field: 'source' });
      if (search.probeCommitment !== this.deps.envelope.commit(image)) fail('ABG_ERR_NOTICE_INVALID', "The image is not the search's probe.", { field: 'image' });
      return { kind: 'search', ref: search.id };
    }
    return { kind: 'upload', ref: (s.fileName ?? 'upload').slice(0, 200) };
  }
}
