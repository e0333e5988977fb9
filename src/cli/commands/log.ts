// `abgleich log …` and `abgleich stats`: verify an export standalone (no server, no database) and
// print the log's key from the data directory (both local); export the log, issue checkpoints,
// fetch proofs, apply retention, list entries and print statistics through the HTTP API.
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import type { Command } from 'commander';
import { renderRefusalsTable, renderStatisticsTable, type RefusalRow, type StatisticsRow } from '../../audit/statistics.ts';
import type { StatisticsCheck } from '../../services/ports/audit-ledger.ts';
import { renderEntriesTable, type LogPage } from '../../audit/log-query.ts';
import { verifyExportFile, type VerifyReport } from '../../audit/verify-export.ts';
import { fail } from '../../domain/errors.ts';
import { loadConfig } from '../../app/config.ts';
import { action } from '../output.ts';
import { readInputText } from '../files.ts';
import type { Api } from '../client/api.ts';
import { agencies, agencyRef, knownGalleries, looksLikeId, namesOf, userRef } from '../resolve.ts';
import { apiOf, serverFlags } from './with-server.ts';
import { commonFlags, type CommonFlags } from './common-flags.ts';
import type { ConnectionFlags } from '../client/connection.ts';

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
    const notCarried = r.countersNotCarried.length ? `; it carries no ${r.countersNotCarried.join(' or ')} counters (written before them)` : '';
    out.push(r.statistics ? `statistics: ${r.statistics.counters} counters equal a recount of the entries${r.statistics.skippedPeriods.length ? ` (${r.statistics.skippedPeriods.length} periods emptied by retention not recounted)` : ''}${notCarried}` : 'statistics: the export carries no counters');
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

export function registerLogCommands(program: Command, print: Print = toStdout) {
  const log = program.command('log').description('the verifiable audit log');
  const printJson = (value: unknown) => print(`${JSON.stringify(value)}\n`);

  log
    .command('verify <export>')
    .description('verify a log export standalone: entries, receipts, checkpoints, consistency; names the first bad entry (exit 1); runs locally, no server')
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

  const authed = (cmd: Command, fn: (api: Api, o: any, ...args: string[]) => Promise<void>) => {
    serverFlags(cmd);
    cmd.action(action(async (...raw: unknown[]) => {
      const o = raw[raw.length - 2] as ConnectionFlags;
      await fn(apiOf(o), o, ...(raw.slice(0, raw.length - 2) as string[]));
    }));
    return cmd;
  };

  commonFlags(log.command('public-key').description('print the log public key (verifier key) from the data directory, to hand to auditors (runs locally; a client asks GET /v1/log/public-key)')).action(
    action(async (o: CommonFlags) => {
      const { openRuntime } = await import('../../app/runtime.ts');
      const rt = await openRuntime(loadConfig({ flags: { dataDir: o.data, databaseUrl: o.databaseUrl, config: o.config } }));
      try {
        print(`${rt.services.audit.publicKey().publicKey}\n`);
      } finally {
        await rt.close();
      }
    }),
  );

  authed(log.command('export').description('write the log as JSON lines for `log verify` (auditors of the host agency)').option('--out <file>', 'default: stdout'),
    async (api, o: { out?: string }) => {
      const res = await api.text('/v1/log/export');
      const body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
      if (!o.out) {
        for await (const chunk of body) print(Buffer.from(chunk).toString('utf8'));
        return;
      }
      const sink = createWriteStream(o.out, { flags: 'wx', mode: 0o600 });
      for await (const chunk of body) if (!sink.write(chunk)) await once(sink, 'drain');
      await new Promise<void>((resolve, reject) => sink.end((e?: Error | null) => (e ? reject(e) : resolve())));
    });

  authed(log.command('checkpoint').description('sign a checkpoint of the current log and print it (auditors)'),
    async (api) => {
      print((await api.call(api.client.GET('/v1/log/checkpoint'))).note);
    });

  authed(log.command('proof <index>').description('inclusion proof of an entry (auditors)').option('--size <n>', 'tree size; default current'),
    async (api, o: { size?: string }, index) => {
      printJson(await api.call(api.client.GET('/v1/log/entries/{i}/proof', { params: { path: { i: Number(index) }, query: o.size ? { size: Number(o.size) } : {} } })));
    });

  authed(log.command('consistency <from> [to]').description('consistency proof between two tree sizes (auditors)'),
    async (api, _o, from, to) => {
      printJson(await api.call(api.client.GET('/v1/log/consistency', { params: { query: { from: Number(from), ...(to ? { to: Number(to) } : {}) } } })));
    });

  authed(log.command('retention').description('remove payloads of entries older than the retention period; hashes stay (host admins)').requiredOption('--days <n>', 'e.g. 1095 for three years'),
    async (api, o: { days: string }) => {
      printJson(await api.call(api.client.POST('/v1/log/retention', { body: { days: Number(o.days) } })));
    });

  authed(log.command('entries').description("log entries, newest first (auditors: your agency's and other agencies' actions about your galleries, without their probes)")
    .option('--action <name>', 'an action, or a prefix ending in "." such as "search."')
    .option('--actor <user>', "the acting user: any user's id, or the name of a user of your agency")
    .option('--agency <agency>', 'the acting agency (name or id); default your own; "*" for all (host-agency auditors)')
    .option('--from <date>', 'from this ISO date or time (inclusive)')
    .option('--to <date>', 'until this ISO date or time (exclusive)')
    .option('--limit <n>', 'entries per page', '50')
    .option('--offset <n>', 'entries to skip', '0')
    .option('--format <format>', 'table or json', 'table'),
  async (api, o: { action?: string; actor?: string; agency?: string; from?: string; to?: string; limit: string; offset: string; format: string }) => {
    if (!['table', 'json'].includes(o.format)) fail('ABG_ERR_VALIDATION', '--format must be table or json.');
    const limit = Number(o.limit);
    const offset = Number(o.offset);
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 500 || !Number.isSafeInteger(offset) || offset < 0) fail('ABG_ERR_VALIDATION', '--limit must be 1 to 500 and --offset 0 or more.');
    const { action: a, actor: user, agency, from, to } = o;
    const filter = {
      ...(a ? { action: a } : {}), ...(user ? { actor: await actorRef(api, user) } : {}), ...(agency ? { agency: await agencyOrAll(api, agency) } : {}),
      ...(from ? { from } : {}), ...(to ? { to } : {}),
    };
    const page = await api.call(api.client.GET('/v1/log/entries', { params: { query: { ...filter, limit, offset } } })) as LogPage;
    if (o.format === 'json') printJson(page);
    else print(renderEntriesTable(page));
  });

  authed(
    program.command('stats [verify]').description('statistics from the log: searches, candidates, hits, disclosures, verifications, erasures (auditors); `stats verify` recounts the counters behind them from the log and lists every one that differs (host-agency auditors)')
      .option('--agency <agency>', 'agency (name or id); default your own; "*" for all (host-agency auditors)')
      .option('--by <period>', 'year or month', 'year')
      .option('--from <date>', 'from this ISO date or time (inclusive)')
      .option('--to <date>', 'until this ISO date or time (exclusive)')
      .option('--format <format>', 'table, json or csv', 'table')
      .option('--refusals', 'refused and failed actions by action, outcome and error code instead of the counts'),
    async (api, o: { agency?: string; by: string; from?: string; to?: string; format: string; refusals?: boolean }, what?: string) => {
      if (what !== undefined) return verifyStatistics(api, what, o.format, print);
      if (o.by !== 'year' && o.by !== 'month') fail('ABG_ERR_VALIDATION', '--by must be year or month.');
      if (!['table', 'json', 'csv'].includes(o.format)) fail('ABG_ERR_VALIDATION', '--format must be table, json or csv.');
      const query = { by: o.by, ...(o.agency ? { agency: await agencyOrAll(api, o.agency) } : {}), ...(o.from ? { from: o.from } : {}), ...(o.to ? { to: o.to } : {}), view: o.refusals ? 'refusals' : 'counts' };
      if (o.format === 'csv') {
        print(await (await api.text('/v1/log/statistics', { ...query, format: 'csv' })).text());
        return;
      }
      const answer = await api.call(api.client.GET('/v1/log/statistics', { params: { query: query as never } })) as { rows?: StatisticsRow[]; refusals?: RefusalRow[] };
      if (o.format === 'json') printJson(o.refusals ? { refusals: answer.refusals } : { rows: answer.rows });
      else if (o.refusals) print(renderRefusalsTable(answer.refusals ?? []));
      else {
        // The table is for people: agencies and galleries by name (json and csv keep the ids).
        const [agency, gallery] = await Promise.all([namesOf(agencies(api)), namesOf(knownGalleries(api))]);
        print(renderStatisticsTable((answer.rows ?? []).map((r) => ({ ...r, agency: agency(r.agency), gallery: gallery(r.gallery) }))));
      }
    },
  );

}

/** `abgleich stats verify`: the recount's verdict (exit status 1 when a counter differs). */
async function verifyStatistics(api: Api, what: string, format: string, print: Print): Promise<void> {
  if (what !== 'verify') fail('ABG_ERR_VALIDATION', `Unknown stats subcommand "${what}"; the one there is: verify.`);
  if (!['table', 'json'].includes(format)) fail('ABG_ERR_VALIDATION', 'stats verify: --format must be table or json.');
  const check = await api.call(api.client.GET('/v1/log/statistics/verify'));
  print(format === 'json' ? `${JSON.stringify(check)}\n` : formatStatisticsCheck(check));
  if (!check.ok) process.exitCode = 1;
}

/** The human-readable result of `stats verify`: the verdict, then one line per differing counter. */
export function formatStatisticsCheck(c: StatisticsCheck): string {
  const skipped = c.skippedPeriods.length ? `; ${c.skippedPeriods.length} periods not recountable (${c.redacted} payloads removed by retention): ${c.skippedPeriods.join(', ')}` : '';
  const head = `${c.ok ? 'OK' : 'DIFFERENT'}: ${c.entries} entries recounted, ${c.counters} counters compared, ${c.differences.length + c.moreDifferences} differ${skipped}`;
  const lines = c.differences.map(({ counter: k, stored, recounted }) =>
    `${k.grain} ${k.period} agency=${k.agency} gallery=${k.gallery} purpose=${k.purpose}${k.action ? ` action=${k.action}` : ''}${k.outcome ? ` outcome=${k.outcome}` : ''}${k.decision ? ` decision=${k.decision}` : ''}${k.reason ? ` reason=${k.reason}` : ''} ${k.metric}: stored ${stored}, recounted ${recounted}`);
  if (c.moreDifferences) lines.push(`… and ${c.moreDifferences} more`);
  return [head, ...lines].join('\n') + '\n';
}

/** An agency by name or id for a log filter; "*" (every agency) passes as it is. */
const agencyOrAll = (api: Api, ref: string) => (ref === '*' ? Promise.resolve(ref) : agencyRef(api, ref));

/** A user for a log filter: any user's id, or the name of a user of your agency (auditors and admins may list them). */
const actorRef = (api: Api, ref: string): Promise<string> => (looksLikeId(ref) ? Promise.resolve(ref) : userRef(api, ref));
