// `abgleich objection file|list|show|withdraw|reach` and `abgleich export manifest`: objections of
// data subjects and the dataset export that respects them. Each acts as the user of --token.
import type { Command } from 'commander';
import { fail } from '../../domain/errors.ts';
import { objectionPurposes, type ObjectionPurpose } from '../../domain/objection.ts';
import type { EvidenceHashKind } from '../../services/ports/evidence-signals.ts';
import { expandPaths, readInputFile } from '../files.ts';
import { printJson } from '../output.ts';
import { galleryRef } from '../resolve.ts';
import { actorCommand } from './with-actor.ts';

const collect = (v: string, prev: string[] = []) => [...prev, v];

function purposesOf(v: string[] | undefined): ObjectionPurpose[] {
  const list = (v ?? []).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
  for (const p of list) if (!objectionPurposes.includes(p as ObjectionPurpose)) fail('ABG_ERR_VALIDATION', `--purpose must be one of ${objectionPurposes.join(', ')}.`);
  return list as ObjectionPurpose[];
}

/** `--hash sha256:<hex>`, `--hash md5:<hex>`, `--hash pdq:<hex>`. */
function hashesOf(v: string[] | undefined): { kind: EvidenceHashKind; value: string }[] {
  return (v ?? []).map((h) => {
    const [kind, value] = h.split(':', 2);
    if (!value || !['sha256', 'md5', 'pdq'].includes(kind!)) fail('ABG_ERR_MALFORMED_HASH', `--hash takes kind:hex with kind sha256, md5 or pdq; got ${h}.`);
    return { kind: kind as EvidenceHashKind, value };
  });
}

const filesOf = (paths: string[]) => expandPaths(paths).map((f) => ({ fileName: f, bytes: readInputFile(f) }));

export function registerObjectionCommands(program: Command) {
  const objection = program.command('objection').description("data subjects' objections: file, list, show, withdraw, and their reach over candidate files");
  actorCommand(
    objection.command('file [evidence...]').description('file an objection with evidence images (files or folders) and/or hashes (owner-officers, admins)')
      .requiredOption('--reference <text>', "the controller's reference for the request (never the person's name)")
      .requiredOption('--purpose <p>', `${objectionPurposes.join(' | ')} (repeatable)`, collect)
      .option('--hash <kind:hex>', 'evidence hash: sha256:…, md5:… or pdq:… (repeatable)', collect)
      .option('--face-consent <consent-ref>', "only with the person's explicit consent: keep a face reference from the evidence; the consent's reference")
      .option('--face-model <id>', "model of the face reference; default: that of your agency's face gallery"),
    (s, a, o, evidence: string[] = []) => s.objections.file(a, {
      reference: o.reference, purposes: purposesOf(o.purpose), evidence: evidence.length ? filesOf(evidence) : [], hashes: hashesOf(o.hash),
      ...(o.faceConsent ? { faceConsent: { consentRef: o.faceConsent, ...(o.faceModel ? { modelId: o.faceModel } : {}) } } : {}),
    }),
    [],
  );
  actorCommand(
    objection.command('list').description("your agency's objections").option('--status <active|withdrawn>', 'only objections in this state'),
    (s, a, o) => s.objections.list(a, o.status),
    ['id', 'reference', 'purposes', 'status', 'faceConsent', 'createdAt', 'withdrawnAt'],
  );
  actorCommand(objection.command('show <objection>').description('one objection: reach per stage and the stored items found under it'), (s, a, _o, id: string) => s.objections.get(a, id), []);
  actorCommand(
    objection.command('withdraw <objection>').description('withdraw: evidence and face reference are deleted, a tombstone stays').requiredOption('--reason <text>', 'why it is withdrawn (logged)'),
    (s, a, o, id: string) => s.objections.withdraw(a, id, o.reason),
    [],
  );
  actorCommand(
    objection.command('reach <objection> <paths...>').description('for each candidate file (files or folders), which stage of the objection catches it; one JSON line per file'),
    async (s, a, _o, id: string, paths: string[]) => {
      const r = await s.objections.reach(a, id, filesOf(paths));
      for (const x of r.results) printJson({ file: x.file, stage: x.stage, measure: x.measure, stages: x.stages });
      return { objectionId: r.objectionId, caught: r.caught, notCaught: r.notCaught, logIndex: r.logIndex };
    },
    [],
  );

  const exp = program.command('export').description('dataset exports that respect objections');
  actorCommand(
    exp.command('manifest <gallery>').description('manifest of a gallery for a purpose without objected items; lists each excluded item with the stage that caught it (admins)')
      .option('--purpose <ai-training|search>', 'default ai-training', 'ai-training'),
    async (s, a, o, gallery: string) => s.exports.manifest(a, await galleryRef(s, a, gallery), o.purpose),
    [],
  );
}
