// `abgleich objection file|list|show|withdraw|reach` and `abgleich export manifest`: objections of
// data subjects and the dataset export that respects them, through the HTTP API; evidence and
// candidate files are uploaded.
import type { Command } from 'commander';
import { fail } from '../../domain/errors.ts';
import { objectionPurposes, type ObjectionPurpose } from '../../domain/objection.ts';
import { givenHashKinds, givenHashKindsText, type GivenHashKind } from '../../services/ports/evidence-signals.ts';
import { expandPaths, readInputFile } from '../files.ts';
import { printJson } from '../output.ts';
import { asForm } from '../client/multipart.ts';
import { galleryRef } from '../resolve.ts';
import { apiCommand } from './with-server.ts';

const collect = (v: string, prev: string[] = []) => [...prev, v];

function purposesOf(v: string[] | undefined): ObjectionPurpose[] {
  const list = (v ?? []).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
  for (const p of list) if (!objectionPurposes.includes(p as ObjectionPurpose)) fail('ABG_ERR_VALIDATION', `--purpose must be one of ${objectionPurposes.join(', ')}.`);
  return list as ObjectionPurpose[];
}

/** `--hash sha256:<hex>`, `--hash md5:<hex>`, `--hash pdq:<hex>`, `--hash audio:<seconds>:<base64>` (as a hash-set export writes it). */
function hashesOf(v: string[] | undefined): { kind: GivenHashKind; value: string }[] {
  return (v ?? []).map((h) => {
    const at = h.indexOf(':');
    const kind = h.slice(0, at);
    const value = h.slice(at + 1);
    if (at <= 0 || !value || !(givenHashKinds as readonly string[]).includes(kind)) fail('ABG_ERR_MALFORMED_HASH', `--hash takes kind:value with kind ${givenHashKindsText}; got ${h.slice(0, 80)}.`);
    return { kind: kind as GivenHashKind, value };
  });
}

const filesOf = (paths: string[]) => expandPaths(paths).map((f) => ({ fileName: f, bytes: readInputFile(f) }));

export function registerObjectionCommands(program: Command) {
  const objection = program.command('objection').description("data subjects' objections: file, list, show, withdraw, and their reach over candidate files");
  apiCommand(
    objection.command('file [evidence...]').description('file an objection with evidence images (files or folders), recordings and/or hashes (owner-officers, admins)')
      .requiredOption('--reference <text>', "the controller's reference for the request (never the person's name)")
      .requiredOption('--purpose <p>', `${objectionPurposes.join(' | ')} (repeatable)`, collect)
      .option('--recording <file>', 'a recording (or a video whose sound track counts): its re-encodings and excerpts are reached (repeatable)', collect)
      .option('--hash <kind:value>', 'evidence hash: sha256:…, md5:…, pdq:… or audio:<seconds>:<base64> (repeatable)', collect)
      .option('--face-consent <consent-ref>', "only with the person's explicit consent: keep a face reference from the evidence; the consent's reference")
      .option('--face-model <id>', "model of the face reference; default: that of your agency's face gallery"),
    (api, o, evidence: string[] = []) => {
      const purposes = purposesOf(o.purpose);
      const hashes = hashesOf(o.hash);
      const files = evidence.length ? filesOf(evidence) : [];
      const recordings = o.recording?.length ? filesOf(o.recording) : [];
      return api.call(api.client.POST('/v1/objections', asForm(
        { reference: o.reference, purposes: purposes.join(','), hashes: hashes.length ? JSON.stringify(hashes) : undefined, consentRef: o.faceConsent, faceModelId: o.faceConsent ? o.faceModel : undefined },
        [...files.map((f) => ({ field: 'evidence', name: f.fileName, bytes: f.bytes })), ...recordings.map((f) => ({ field: 'recording', name: f.fileName, bytes: f.bytes }))],
      )));
    },
    [],
  );
  apiCommand(
    objection.command('list').description("your agency's objections").option('--status <active|withdrawn>', 'only objections in this state'),
    async (api, o) => (await api.call(api.client.GET('/v1/objections', { params: { query: o.status ? { status: o.status } : {} } }))).objections,
    ['id', 'reference', 'purposes', 'status', 'faceConsent', 'createdAt', 'withdrawnAt'],
  );
  apiCommand(objection.command('show <objection>').description('one objection: reach per stage and the stored items found under it'), (api, _o, id: string) => api.call(api.client.GET('/v1/objections/{id}', { params: { path: { id } } })), []);
  apiCommand(
    objection.command('withdraw <objection>').description('withdraw: evidence and face reference are deleted, a tombstone stays').requiredOption('--reason <text>', 'why it is withdrawn (logged)'),
    (api, o, id: string) => api.call(api.client.POST('/v1/objections/{id}/withdraw', { params: { path: { id } }, body: { reason: o.reason } })),
    [],
  );
  apiCommand(
    objection.command('reach <objection> <paths...>').description('for each candidate file (files or folders), which stage of the objection catches it; one JSON line per file'),
    async (api, _o, id: string, paths: string[]) => {
      const files = filesOf(paths);
      const r = await api.call(api.client.POST('/v1/objections/{id}/reach', { params: { path: { id } }, ...asForm({}, files.map((f) => ({ field: 'candidate', name: f.fileName, bytes: f.bytes }))) }));
      const local = (i: number, sent: string) => (r.results.length === files.length ? files[i]!.fileName : sent);
      for (const [i, x] of r.results.entries()) printJson({ file: local(i, x.file), stage: x.stage, measure: x.measure, stages: x.stages });
      return { objectionId: r.objectionId, caught: r.caught, notCaught: r.notCaught, logIndex: r.logIndex };
    },
    [],
  );

  const exp = program.command('export').description('dataset exports that respect objections');
  apiCommand(
    exp.command('manifest <gallery>').description('manifest of a gallery for a purpose without objected items; lists each excluded item with the stage that caught it (admins)')
      .option('--purpose <ai-training|search>', 'default ai-training', 'ai-training'),
    async (api, o, gallery: string) => api.call(api.client.POST('/v1/galleries/{id}/manifest', { params: { path: { id: await galleryRef(api, gallery) }, query: { purpose: o.purpose } } })),
    [],
  );
}
