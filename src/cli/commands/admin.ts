// Admin commands: agencies, users, tokens and galleries, through the HTTP API as the user of the token.
import type { Command } from 'commander';
import { Progress } from '../progress.ts';
import { fail } from '../../domain/errors.ts';
import { isRole, type Role } from '../../domain/roles.ts';
import { defaultDisagreementRule, disagreementRules, type DisagreementRule } from '../../domain/workflow.ts';
import { agencyRef, galleryRef, userRef } from '../resolve.ts';
import { commaList } from './common-flags.ts';
import type { Api } from '../client/api.ts';
import { apiCommand } from './with-server.ts';

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

/** The server's default face model: the first it lists. */
async function defaultModelId(api: Api): Promise<string> {
  const first = (await api.call(api.client.GET('/v1/models'))).models[0];
  if (!first) fail('ABG_ERR_VALIDATION', 'The server offers no face model; pass --model.');
  return first.id;
}

/** A model id given as its id or its alias; unknown names go to the server as they are (it refuses them with ABG_ERR_UNKNOWN_MODEL). */
async function modelRef(api: Api, ref: string): Promise<string> {
  const models = (await api.call(api.client.GET('/v1/models'))).models;
  return models.find((m) => m.id === ref || m.alias === ref)?.id ?? ref;
}

/** Follows a re-embedding until it has switched or failed, with progress on stderr. */
async function waitForReembed<J extends { done: number; total: number; state: string }>(api: Api, id: string, first: J): Promise<J> {
  const progress = new Progress('reembed', first.total);
  for (let job = first; ;) {
    progress.tick(Math.min(job.done, first.total), job.state);
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 500));
    job = (await api.call(api.client.GET('/v1/galleries/{id}/reembed', { params: { path: { id } } }))) as unknown as J;
  }
}

export function registerAdminCommands(program: Command) {
  const agency = program.command('agency').description('agencies taking part');
  apiCommand(agency.command('list').description('list agencies'), async (api) => (await api.call(api.client.GET('/v1/agencies'))).agencies, ['id', 'name', 'country', 'isHost', 'reviewsRequired', 'onDisagreement']);
  apiCommand(
    agency.command('create <name>').description('create an agency (host-agency admins); --admin also creates its first admin and prints its token once')
      .option('--country <code>', 'ISO 3166 country code, e.g. DE').option('--admin <name>', 'also create its first admin user with this name'),
    (api, o, name: string) => api.call(api.client.POST('/v1/agencies', { body: { name, country: o.country ?? null, ...(o.admin ? { adminName: o.admin } : {}) } })),
    [],
  );

  apiCommand(
    agency.command('update <agency>').description('rename an agency or set how its examiners decide (admins; review settings for their own agency only)')
      .option('--name <name>', 'the new name').option('--country <code>', "ISO 3166 country code; '' clears it")
      .option('--reviews-required <n>', '2, or 1 where law allows (with --single-review-basis)').option('--single-review-basis <text>', 'the legal basis that allows a single examiner (required with --reviews-required 1)')
      .option('--on-disagreement <rule>', `when two examiners split: ${disagreementRules.join(' | ')} (default ${defaultDisagreementRule})`),
    async (api, o, id: string) => { const body = agencyPatch(o); return api.call(api.client.PATCH('/v1/agencies/{id}', { params: { path: { id: await agencyRef(api, id) } }, body })); },
    [],
  );

  const user = program.command('user').description('users of your agency');
  apiCommand(user.command('list').description('list users'), async (api) => (await api.call(api.client.GET('/v1/users'))).users, ['id', 'name', 'roles', 'disabled']);
  apiCommand(
    user.command('create <name>').description('create a user').requiredOption('--roles <list>', 'comma-separated: admin,operator,examiner,owner-officer,auditor'),
    (api, o, name: string) => api.call(api.client.POST('/v1/users', { body: { name, roles: parseRoles(o.roles) } })),
    [],
  );
  apiCommand(
    user.command('update <user>').description("change a user's roles or disable/enable it")
      .option('--roles <list>', 'comma-separated; replaces the current roles').option('--disable', 'block the user and its tokens').option('--enable', 'allow a disabled user again'),
    async (api, o, id: string) => {
      const body = { ...(o.roles ? { roles: parseRoles(o.roles) } : {}), ...(o.disable ? { disabled: true } : o.enable ? { disabled: false } : {}) };
      return api.call(api.client.PATCH('/v1/users/{id}', { params: { path: { id: await userRef(api, id) } }, body }));
    },
    [],
  );

  const token = program.command('token').description('API tokens');
  apiCommand(token.command('list').description('list tokens of a user (yourself by default)').option('--user <user>', 'the user (name or id) whose tokens to list (admins)'), async (api, o) => (await api.call(api.client.GET('/v1/tokens', { params: { query: o.user ? { userId: await userRef(api, o.user) } : {} } }))).tokens, ['id', 'label', 'createdAt', 'expiresAt', 'revokedAt', 'lastUsedAt']);
  apiCommand(
    token.command('create <label>').description('issue a token; the secret is printed once').option('--user <user>', 'issue it for this user (name or id) of your agency (admins); default yourself')
      .option('--expires-in-days <n>', 'expire after this many days; default never'),
    async (api, o, label: string) => api.call(api.client.POST('/v1/tokens', { body: { label, ...(o.user ? { userId: await userRef(api, o.user) } : {}), expiresInDays: o.expiresInDays ? Number(o.expiresInDays) : null } })),
    [],
  );
  apiCommand(token.command('revoke <id>').description('revoke a token now'), (api, _o, id: string) => api.call(api.client.DELETE('/v1/tokens/{id}', { params: { path: { id } } })), []);

  const gallery = program.command('gallery').description("your agency's galleries");
  apiCommand(gallery.command('list').description('list galleries'), async (api) => (await api.call(api.client.GET('/v1/galleries'))).galleries, ['id', 'name', 'kind', 'purposes', 'retentionDays', 'modelId']);
  apiCommand(
    gallery.command('create <name>').description('create a gallery')
      .requiredOption('--kind <face|media>', 'face: face templates, searched 1:N; media: files by hash').requiredOption('--legal-basis <text>', 'the law that allows keeping these images, e.g. "BKAG §16"').requiredOption('--purposes <list>', 'comma-separated')
      .option('--retention-days <n>', 'default 3650', '3650').option('--model <id>', "face galleries: embedding model id (see GET /v1/models); default: the server's default model")
      .option('--keep-gps', 'media galleries: keep EXIF GPS coordinates (default: stripped)')
      .option('--threshold-fmr <x>', 'face galleries: target false-match rate of the candidate threshold (default 1e-4)')
      .option('--required-fpir <x|none>', 'face galleries: declared reliability, the highest expected FPIR at which identification mode may run (default none: investigation mode only)'),
    async (api, o, name: string) => {
      if (o.kind !== 'face' && o.kind !== 'media') fail('ABG_ERR_VALIDATION', '--kind must be face or media.');
      const retentionDays = positiveInt(o.retentionDays, '--retention-days');
      const modelId = o.model ?? (o.kind === 'face' ? await defaultModelId(api) : null);
      return api.call(api.client.POST('/v1/galleries', { body: {
        name, kind: o.kind as 'face' | 'media', legalBasis: o.legalBasis, purposes: commaList(String(o.purposes)), retentionDays, modelId,
        ...(o.keepGps ? { keepGps: true } : {}), ...reliabilityFlags(o),
      } }));
    },
    [],
  );
  apiCommand(
    gallery.command('update <gallery>').description('change a gallery (admins)')
      .option('--name <text>', 'the new name').option('--legal-basis <text>', 'the law that allows keeping these images').option('--purposes <list>', 'comma-separated').option('--retention-days <n>', 'erase subjects this many days after enrollment')
      .option('--max-candidates <n>', 'most candidates a search returns from this gallery').option('--threshold-fmr <x>', 'target false-match rate of the candidate threshold')
      .option('--required-fpir <x|none>', 'declared reliability: the highest expected FPIR at which identification mode may run; none turns identification mode off'),
    async (api, o, id: string) => {
      const patch = {
        ...(o.name !== undefined ? { name: String(o.name) } : {}), ...(o.legalBasis !== undefined ? { legalBasis: String(o.legalBasis) } : {}),
        ...(o.purposes !== undefined ? { purposes: commaList(String(o.purposes)) } : {}),
        ...(o.retentionDays !== undefined ? { retentionDays: positiveInt(o.retentionDays, '--retention-days') } : {}),
        ...(o.maxCandidates !== undefined ? { maxCandidates: positiveInt(o.maxCandidates, '--max-candidates') } : {}),
        ...reliabilityFlags(o),
      };
      if (Object.keys(patch).length === 0) fail('ABG_ERR_VALIDATION', 'Give at least one change.');
      return api.call(api.client.PATCH('/v1/galleries/{id}', { params: { path: { id: await galleryRef(api, id) } }, body: patch }));
    },
    [],
  );
  apiCommand(
    gallery.command('reembed <gallery>').description("move a face gallery onto another model: every stored image is embedded again, searches use the old model until one switch (admins)")
      .requiredOption('--model <id>', 'the calibrated model to move onto (id or alias, see abgleich model list)').option('--wait', 'follow the job until it has switched or failed (progress on stderr)'),
    async (api, o, g: string) => {
      const id = await galleryRef(api, g);
      const job = await api.call(api.client.POST('/v1/galleries/{id}/reembed', { params: { path: { id } }, body: { modelId: await modelRef(api, String(o.model)) } }));
      if (!o.wait) return job;
      const last = await waitForReembed(api, id, job);
      if (last.state === 'failed') fail('ABG_ERR_REEMBED_FAILED', `${last.failed.length} sample(s); the gallery stays on ${last.fromModelId}: ${last.failed.map((f) => `${f.sampleId} ${f.code}`).join(', ')}`);
      return last;
    },
    [],
  );
  apiCommand(gallery.command('reembed-status <gallery>').description("progress of the gallery's latest re-embedding"),
    async (api, _o, g: string) => api.call(api.client.GET('/v1/galleries/{id}/reembed', { params: { path: { id: await galleryRef(api, g) } } })), []);
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
