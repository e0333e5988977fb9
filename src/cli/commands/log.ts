// `abgleich log …` and `abgleich stats`: verify an export standalone (no server, no database),
// export the log, issue checkpoints, serve proofs, apply retention, print statistics.
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { refusalsToCsv, renderRefusalsTable, renderStatisticsTable, statisticsToCsv } from '../../audit/statistics.ts';
import { renderEntriesTable } from '../../audit/log-query.ts';
import { verifyExportFile, type VerifyReport } from '../../audit/verify-export.ts';
import type { Actor } from '../../domain/entities.ts';
import { fail } from '../../domain/errors.ts';
import { AuditService } from '../../services/audit.service.ts';
import { loadConfig } from '../../app/config.ts';
import { action } from '../output.ts';
import { readInputText } from '../files.ts';
import { openRuntime } from '../../app/runtime.ts';
import { cliActor } from './with-actor.ts';
import { commonFlags, type CommonFlags } from './common-flags.ts';

export interface AuditSession {
  audit: AuditService;
  actor(token: string | undefined): Promise<Actor>;
  close(): Promise<void>;
}

export type OpenAudit = (flags: CommonFlags) => Promise<AuditSession>;

/** Opens the configured store and the log over it, with the signing key from the data directory. */
export const openAuditFromConfig: OpenAudit = async (flags) => {
  const config = loadConfig({ flags: { dataDir: flags.data, databaseUrl: flags.databaseUrl, config: flags.config } });
  const rt = await openRuntime(config);
  return { audit: rt.services.audit, actor: (token) => cliActor(rt, token), close: () => rt.close() };
};

/** A key given inline (`name+id+key`) or as a file holding one. */
export function readKeyArg(value: string): string {
  return existsSync(value) ? readFileSync(value, 'utf8').trim() : value.trim();
}

/** The human-readable verification report: the verdict and the first bad entry; every problem with `verbose`. */
export function formatVerifyReport(r: VerifyReport, verbose = false): string {
  const out: string[] = [];
  if (r.ok) {
    out.push(`OK: ${r.entries} entries (${r.redacted} with payload removed by retention), ${r.checkpoints.verified} of ${r.checkpoints.total} checkpoints verified`);
    out.push(`root ${r.rootHash}`);
    if (r.witnessed) out.push(`witnessed up to size ${r.witnessed.size} of ${r.entries} by ${r.witnessed.witnesses.join(', ')}`);
  } else {
    const total = r.problems.length + r.moreProblems;
    out.push(r.firstBadIndex === null ? 'FAILED' : `FAILED: first bad entry index ${r.firstBadIndex}`);
    const first = r.problems.find((p) => p.index === r.firstBadIndex) ?? r.problems[0];
    const shown = verbose ? r.problems : first ? [first] : [];
    for (const p of shown) out.push(`  ${p.index === null ? '-' : `entry ${p.index}`} [${p.kind}] ${p.message}`);
    if (verbose && r.moreProblems > 0) out.push(`  … and ${r.moreProblems} more`);
    if (!verbose && total > 1) out.push(`  and ${total - 1} more problem${total > 2 ? 's' : ''} after it; --verbose lists them`);
  }
  if (r.ok || verbose) out.push(`key ${r.publicKey ?? '(none)'}${r.keyPinned ? ' (pinned)' : ''}`);
  if (!r.keyPinned) out.push('warning: no --public-key given, so the export was checked only against the key it names itself; obtain the key independently (GET /v1/log/public-key) and pass it.');
  return `${out.join('\n')}\n`;
}

const collectValues = (value: string, previous: string[] = []) => [...previous, value];

/** Where command results go; tests pass their own sink. */
export type Print = (text: string) => void;
const toStdout: Print = (text) => void process.stdout.write(text);

export function registerLogCommands(program: Command, openAudit: OpenAudit = openAuditFromConfig, print: Print = toStdout) {
  const log = program.command('log').description('the verifiable audit log');
  const printJson = (value: unknown) => print(`${JSON.stringify(value)}\n`);

  log
    .command('verify <export>')
    .description('verify a log export standalone: entries, receipts, checkpoints, consistency; names the first bad entry (exit 1)')
    .option('--public-key <key|file>', 'the log public key, obtained independently of the export')
    .option('--checkpoint <file>', 'a signed checkpoint kept earlier; the export must extend it (repeatable)', collectValues, [])
    .option('--witness <key|file>', "a witness's cosigner key; the newest checkpoint it cosigned is the trust anchor (repeatable: every one must have cosigned it)", collectValues, [])
    .option('--verbose', 'on failure: list every problem and the key, not only the first bad entry')
    .option('--json', 'print the whole report as JSON')
    .action(action(async (file: string, o: { publicKey?: string; checkpoint: string[]; witness: string[]; verbose?: boolean; json?: boolean }) => {
      if (!existsSync(file)) fail('ABG_ERR_FILE_NOT_FOUND', `No file ${file}.`);
      const report = await verifyExportFile(file, {
        ...(o.publicKey ? { publicKey: readKeyArg(o.publicKey) } : {}),
        trustedCheckpoints: o.checkpoint.map(readInputText),
        witnesses: o.witness.map(readKeyArg),
      });
      if (o.json) printJson(report);
      else print(formatVerifyReport(report, o.verbose === true));
      if (!report.ok) process.exitCode = 1;
    }));

  const authed = (cmd: Command, fn: (s: AuditSession, actor: Actor, o: any, ...args: string[]) => Promise<void>) => {
    commonFlags(cmd).option('--token <token>', 'API token (env ABGLEICH_TOKEN)');
    cmd.action(action(async (...raw: unknown[]) => {
      const o = raw[raw.length - 2] as CommonFlags & { token?: string };
      const s = await openAudit(o);
      try {
        await fn(s, await s.actor(o.token), o, ...(raw.slice(0, raw.length - 2) as string[]));
      } finally {
        await s.close();
      }
    }));
    return cmd;
  };

  commonFlags(log.command('public-key').description('print the log public key (verifier key) to hand to auditors')).action(
    action(async (o: CommonFlags) => {
      const s = await openAudit(o);
      try {
        print(`${s.audit.publicKey().publicKey}\n`);
      } finally {
        await s.close();
      }
    }),
  );

  authed(log.command('export').description('write the log as JSON lines for `log verify` (auditors of the host agency)').option('--out <file>', 'default: stdout'),
    async (s, actor, o: { out?: string }) => {
      const lines = await s.audit.export(actor);
      if (!o.out) {
        for await (const line of lines) print(`${line}\n`);
        return;
      }
      const sink = createWriteStream(o.out, { flags: 'wx', mode: 0o600 });
      for await (const line of lines) if (!sink.write(`${line}\n`)) await once(sink, 'drain');
      await new Promise<void>((resolve, reject) => sink.end((e?: Error | null) => (e ? reject(e) : resolve())));
    });

  authed(log.command('checkpoint').description('sign a checkpoint of the current log and print it (auditors)'),
    async (s, actor) => {
      print((await s.audit.checkpoint(actor)).note);
    });

  authed(log.command('proof <index>').description('inclusion proof of an entry (auditors)').option('--size <n>', 'tree size; default current'),
    async (s, actor, o: { size?: string }, index) => {
      printJson(await s.audit.inclusion(actor, Number(index), o.size ? Number(o.size) : undefined));
    });

  authed(log.command('consistency <from> [to]').description('consistency proof between two tree sizes (auditors)'),
    async (s, actor, _o, from, to) => {
      printJson(await s.audit.consistency(actor, Number(from), to ? Number(to) : undefined));
    });

  authed(log.command('retention').description('remove payloads of entries older than the retention period; hashes stay (host admins)').requiredOption('--days <n>', 'e.g. 1095 for three years'),
    async (s, actor, o: { days: string }) => {
      printJson({ removed: await s.audit.applyRetention(actor, Number(o.days)) });
    });

  authed(log.command('entries').description("log entries, newest first (auditors: your agency's and other agencies' actions about your galleries, without their probes)")
    .option('--action <name>', 'an action, or a prefix ending in "." such as "search."')
    .option('--actor <user>', 'the acting user id')
    .option('--agency <id>', 'the acting agency; default your own; "*" for all (host-agency auditors)')
    .option('--from <date>', 'from this ISO date or time (inclusive)')
    .option('--to <date>', 'until this ISO date or time (exclusive)')
    .option('--limit <n>', 'entries per page', '50')
    .option('--offset <n>', 'entries to skip', '0')
    .option('--format <format>', 'table or json', 'table'),
  async (s, actor, o: { action?: string; actor?: string; agency?: string; from?: string; to?: string; limit: string; offset: string; format: string }) => {
    if (!['table', 'json'].includes(o.format)) fail('ABG_ERR_VALIDATION', '--format must be table or json.');
    const limit = Number(o.limit);
    const offset = Number(o.offset);
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 500 || !Number.isSafeInteger(offset) || offset < 0) fail('ABG_ERR_VALIDATION', '--limit must be 1 to 500 and --offset 0 or more.');
    const { action: a, actor: user, agency, from, to } = o;
    const filter = { ...(a ? { action: a } : {}), ...(user ? { actor: user } : {}), ...(agency ? { agency } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
    const page = await s.audit.entries(actor, filter, { limit, offset });
    if (o.format === 'json') printJson(page);
    else print(renderEntriesTable(page));
  });

  authed(
    program.command('stats').description('statistics from the log: searches, candidates, hits, disclosures, verifications, erasures (auditors)')
      .option('--agency <id>', 'agency id; default your own; "*" for all (host-agency auditors)')
      .option('--by <period>', 'year or month', 'year')
      .option('--from <date>', 'from this ISO date or time (inclusive)')
      .option('--to <date>', 'until this ISO date or time (exclusive)')
      .option('--format <format>', 'table, json or csv', 'table')
      .option('--refusals', 'refused and failed actions by action, outcome and error code instead of the counts'),
    async (s, actor, o: { agency?: string; by: string; from?: string; to?: string; format: string; refusals?: boolean }) => {
      if (o.by !== 'year' && o.by !== 'month') fail('ABG_ERR_VALIDATION', '--by must be year or month.');
      if (!['table', 'json', 'csv'].includes(o.format)) fail('ABG_ERR_VALIDATION', '--format must be table, json or csv.');
      const req = { by: o.by, ...(o.agency ? { agency: o.agency } : {}), ...(o.from ? { from: o.from } : {}), ...(o.to ? { to: o.to } : {}) } as const;
      if (o.refusals) {
        const refusals = await s.audit.refusals(actor, req);
        if (o.format === 'json') printJson({ refusals });
        else print(o.format === 'csv' ? refusalsToCsv(refusals) : renderRefusalsTable(refusals));
        return;
      }
      const rows = await s.audit.statistics(actor, req);
      if (o.format === 'json') printJson({ rows });
      else print(o.format === 'csv' ? statisticsToCsv(rows) : renderStatisticsTable(rows));
    },
  );
}
