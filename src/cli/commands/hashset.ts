// `abgleich hashset import|export|list`: known-hash lists (VICS 2.0 JSON or CSV) of your agency,
// through the HTTP API; an import uploads the list.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { fail } from '../../domain/errors.ts';
import { detectFormat, hashSetFormatIds } from '../../interop/registry.ts';
import { asForm } from '../client/multipart.ts';
import { readInputFile } from '../files.ts';
import { apiCommand } from './with-server.ts';

/** The format named by --format, else the one the file name shows (by extension), else vics. */
function formatOf(explicit: string | undefined, file?: { name: string; bytes: Uint8Array }): string {
  const f = explicit ?? (file && detectFormat('hash-set-entry', file.bytes, file.name)?.id) ?? 'vics';
  if (!hashSetFormatIds.includes(f)) fail('ABG_ERR_VALIDATION', `--format must be one of ${hashSetFormatIds.join(', ')}.`);
  return f;
}

export function registerHashSetCommands(program: Command) {
  const hs = program.command('hashset').description('known-hash sets (VICS 2.0 JSON, CSV) of your agency');
  apiCommand(
    hs.command('import <file>')
      .description('import a hash list; malformed rows are reported, the rest imported')
      .requiredOption('--name <name>', 'hash set name (an existing set of this name is appended to)')
      .requiredOption('--source <text>', 'where the list comes from')
      .option('--scheme <name>', 'category scheme', 'vics')
      .option('--format <vics|csv>', 'default: by file extension (.csv → csv, otherwise vics)')
      .option('--default-category <c>', 'CSV without a category column: category of every row'),
    (api, o, file: string) => {
      const bytes = readInputFile(file);
      const fields = { name: o.name, source: o.source, categoryScheme: o.scheme, format: formatOf(o.format, { name: file, bytes }), defaultCategory: o.defaultCategory };
      return api.call(api.client.POST('/v1/hashsets', asForm(fields, [{ field: 'file', name: file, bytes }])));
    },
    [],
  );
  apiCommand(hs.command('list').description("your agency's hash sets"), async (api) => (await api.call(api.client.GET('/v1/hashsets'))).hashSets, ['id', 'name', 'source', 'categoryScheme', 'entryCount', 'createdAt']);
  apiCommand(
    hs.command('export <id>').description('write a hash set as VICS 2.0 JSON or CSV (stdout or --out)').option('--format <vics|csv>', 'output format', 'vics').option('--out <file>', 'write to this file instead of stdout'),
    async (api, o, id: string) => {
      const text = await (await api.text(`/v1/hashsets/${encodeURIComponent(id)}/export`, { format: formatOf(o.format) })).text();
      if (o.out) {
        writeFileSync(o.out, text);
        const set = (await api.call(api.client.GET('/v1/hashsets'))).hashSets.find((h) => h.id === id);
        return { hashSet: id, entries: set?.entryCount ?? null, out: o.out };
      }
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      return undefined;
    },
    [],
  );
}
