// Admin commands over the same services the API uses; they authenticate with an API token.
import type { Command } from 'commander';
import { fail } from '../../domain/errors.ts';
import { isRole, type Role } from '../../domain/roles.ts';
import { defaultDisagreementRule, disagreementRules, type DisagreementRule } from '../../domain/workflow.ts';
import { agencyRef, galleryRef, userRef } from '../resolve.ts';
import { commaList } from './common-flags.ts';
import { actorCommand } from './with-actor.ts';

function parseRoles(list: string): Role[] {
  const roles = commaList(list);
  const bad = roles.filter((r) => !isRole(r));
  if (bad.length > 0 || roles.length === 0) fail('ABG_ERR_VALIDATION', `Unknown role(s): ${bad.join(', ') || '(none given)'}.`);
  return roles as Role[];
}

function agencyPatch(o: { name?: string; country?: string; reviewsRequired?: string; singleReviewBasis?: string; onDisagreement?: string }) {
  if (o.name !== undefined && !o.name.trim()) fail('ABG_ERR_VALIDATION', '--name must not be empty.');
  if (o.reviewsRequired !== undefined && o.reviewsRequired !== '1' && o.reviewsRequired !== '2') fail('ABG_ERR_VALIDATION', '--reviews-required must be 1 or 2.');
  if (o.onDisagreement !== undefined && !(disagreementRules as readonly string[]).includes(o.onDisagreement)) {
    fail('ABG_ERR_VALIDATION', `--on-disagreement must be one of ${disagreementRules.join(', ')}.`);
  }
  return {
    ...(o.name !== undefined ? { name: o.name.trim() } : {}),
    ...(o.country !== undefined ? { country: o.country.trim() || null } : {}),
    ...(o.reviewsRequired !== undefined ? { reviewsRequired: Number(o.reviewsRequired) as 1 | 2 } : {}),
    ...(o.singleReviewBasis !== undefined ? { singleReviewBasis: o.singleReviewBasis } : {}),
    ...(o.onDisagreement !== undefined ? { onDisagreement: o.onDisagreement as DisagreementRule } : {}),
  };
}

export function registerAdminCommands(program: Command) {
  const agency = program.command('agency').description('agencies taking part');
  actorCommand(agency.command('list').description('list agencies'), (s, a) => s.agencies.list(a), ['id', 'name', 'country', 'isHost', 'reviewsRequired', 'onDisagreement']);
  actorCommand(
    agency.command('create <name>').description('create an agency (host-agency admins); --admin also creates its first admin and prints its token once')
      .option('--country <code>', 'ISO 3166 country code, e.g. DE').option('--admin <name>', 'also create its first admin user with this name'),
    (s, a, o, name: string) => s.agencies.create(a, { name, country: o.country ?? null, adminName: o.admin }),
    [],
  );

  actorCommand(
    agency.command('update <agency>').description('rename an agency or set how its examiners decide (admins; review settings for their own agency only)')
      .option('--name <name>', 'the new name').option('--country <code>', "ISO 3166 country code; '' clears it")
      .option('--reviews-required <n>', '2, or 1 where law allows (with --single-review-basis)').option('--single-review-basis <text>', 'the legal basis that allows a single examiner (required with --reviews-required 1)')
      .option('--on-disagreement <rule>', `when two examiners split: ${disagreementRules.join(' | ')} (default ${defaultDisagreementRule})`),
    async (s, a, o, id: string) => s.agencies.update(a, await agencyRef(s, a, id), agencyPatch(o)),
    [],
  );

  const user = program.command('user').description('users of your agency');
  actorCommand(user.command('list').description('list users'), (s, a) => s.users.list(a), ['id', 'name', 'roles', 'disabled']);
  actorCommand(
    user.command('create <name>').description('create a user').requiredOption('--roles <list>', 'comma-separated: admin,operator,examiner,owner-officer,auditor'),
    (s, a, o, name: string) => s.users.create(a, { name, roles: parseRoles(o.roles) }),
    [],
  );
  actorCommand(
    user.command('update <user>').description("change a user's roles or disable/enable it")
      .option('--roles <list>', 'comma-separated; replaces the current roles').option('--disable', 'block the user and its tokens').option('--enable', 'allow a disabled user again'),
    async (s, a, o, id: string) => s.users.update(a, await userRef(s, a, id), { ...(o.roles ? { roles: parseRoles(o.roles) } : {}), ...(o.disable ? { disabled: true } : o.enable ? { disabled: false } : {}) }),
    [],
  );

  const token = program.command('token').description('API tokens');
  actorCommand(token.command('list').description('list tokens of a user (yourself by default)').option('--user <user>', 'the user (name or id) whose tokens to list (admins)'), async (s, a, o) => s.tokens.list(a, o.user ? await userRef(s, a, o.user) : undefined), ['id', 'label', 'createdAt', 'expiresAt', 'revokedAt', 'lastUsedAt']);
  actorCommand(
    token.command('create <label>').description('issue a token; the secret is printed once').option('--user <user>', 'issue it for this user (name or id) of your agency (admins); default yourself')
      .option('--expires-in-days <n>', 'expire after this many days; default never'),
    async (s, a, o, label: string) => s.tokens.issue(a, { label, userId: o.user ? await userRef(s, a, o.user) : undefined, expiresInDays: o.expiresInDays ? Number(o.expiresInDays) : null }),
    [],
  );
  actorCommand(token.command('revoke <id>').description('revoke a token now'), (s, a, _o, id: string) => s.tokens.revoke(a, id), []);

  const gallery = program.command('gallery').description("your agency's galleries");
  actorCommand(gallery.command('list').description('list galleries'), (s, a) => s.galleries.list(a), ['id', 'name', 'kind', 'purposes', 'retentionDays', 'modelId']);
  actorCommand(
    gallery.command('create <name>').description('create a gallery')
      .requiredOption('--kind <face|media>', 'face: face templates, searched 1:N; media: files by hash').requiredOption('--legal-basis <text>', 'the law that allows keeping these images, e.g. "BKAG §16"').requiredOption('--purposes <list>', 'comma-separated')
      .option('--retention-days <n>', 'default 3650', '3650').option('--model <id>', 'embedding model id (face galleries)')
      .option('--keep-gps', 'media galleries: keep EXIF GPS coordinates (default: stripped)')
      .option('--threshold-fmr <x>', 'face galleries: target false-match rate of the candidate threshold (default 1e-4)')
      .option('--required-fpir <x|none>', 'face galleries: declared reliability, the highest expected FPIR at which identification mode may run (default none: investigation mode only)'),
    (s, a, o, name: string) => {
      if (o.kind !== 'face' && o.kind !== 'media') fail('ABG_ERR_VALIDATION', '--kind must be face or media.');
      const retentionDays = positiveInt(o.retentionDays, '--retention-days');
      return s.galleries.create(a, {
        name, kind: o.kind, legalBasis: o.legalBasis, purposes: commaList(String(o.purposes)), retentionDays, modelId: o.model ?? null,
        ...(o.keepGps ? { keepGps: true } : {}), ...reliabilityFlags(o),
      });
    },
    [],
  );
  actorCommand(
    gallery.command('update <gallery>').description('change a gallery (admins)')
      .option('--name <text>', 'the new name').option('--legal-basis <text>', 'the law that allows keeping these images').option('--purposes <list>', 'comma-separated').option('--retention-days <n>', 'erase subjects this many days after enrollment')
      .option('--max-candidates <n>', 'most candidates a search returns from this gallery').option('--threshold-fmr <x>', 'target false-match rate of the candidate threshold')
      .option('--required-fpir <x|none>', 'declared reliability: the highest expected FPIR at which identification mode may run; none turns identification mode off'),
    async (s, a, o, id: string) => {
      const patch = {
        ...(o.name !== undefined ? { name: String(o.name) } : {}), ...(o.legalBasis !== undefined ? { legalBasis: String(o.legalBasis) } : {}),
        ...(o.purposes !== undefined ? { purposes: commaList(String(o.purposes)) } : {}),
        ...(o.retentionDays !== undefined ? { retentionDays: positiveInt(o.retentionDays, '--retention-days') } : {}),
        ...(o.maxCandidates !== undefined ? { maxCandidates: positiveInt(o.maxCandidates, '--max-candidates') } : {}),
        ...reliabilityFlags(o),
      };
      if (Object.keys(patch).length === 0) fail('ABG_ERR_VALIDATION', 'Give at least one change.');
      return s.galleries.update(a, await galleryRef(s, a, id), patch);
    },
    [],
  );
}

/** A flag that must be a whole number of at least 1. */
function positiveInt(v: string, flag: string): number {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 ? n : fail('ABG_ERR_VALIDATION', `${flag} must be a positive integer.`);
}

/** --threshold-fmr and --required-fpir as numbers; "none" clears the declared reliability. */
function reliabilityFlags(o: { thresholdFmr?: string; requiredFpir?: string }): { thresholdFmr?: number; requiredFpir?: number | null } {
  const num = (v: string, flag: string) => (/^\s*$/.test(v) || !Number.isFinite(Number(v)) ? fail('ABG_ERR_VALIDATION', `${flag} must be a number.`) : Number(v));
  return {
    ...(o.thresholdFmr !== undefined ? { thresholdFmr: num(o.thresholdFmr, '--threshold-fmr') } : {}),
    ...(o.requiredFpir !== undefined ? { requiredFpir: o.requiredFpir === 'none' ? null : num(o.requiredFpir, '--required-fpir') } : {}),
  };
}
