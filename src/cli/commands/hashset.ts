// `abgleich hashset import|export|list`: known-hash lists (VICS 2.0 JSON or CSV) of your agency.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { fail } from '../../domain/errors.ts';
import { detectFormat, hashSetFormatIds } from '../../interop/registry.ts';
import { actorCommand } from './with-actor.ts';

/** The format named by --format, else the one the file name shows (by extension), else vics. */
function formatOf(explicit: string | undefined, file?: { name: string; bytes: Uint8Array }): string {
  const f = explicit ?? (file && detectFormat('hash-set-entry', file.bytes, file.name)?.id) ?? 'vics';
  if (!hashSetFormatIds.includes(f)) fail('ABG_ERR_VALIDATION', `--format must be one of ${hashSetFormatIds.join(', ')}.`);
  return f;
}

export function registerHashSetCommands(program: Command) {
  const hs = program.command('hashset').description('known-hash sets (VICS 2.0 JSON, CSV) of your agency');
  actorCommand(
    hs.command('import <file>')
      .description('import a hash list; malformed rows are reported, the rest imported')
      .requiredOption('--name <name>', 'hash set name (an existing set of this name is appended to)')
      .requiredOption('--source <text>', 'where the list comes from')
      .option('--scheme <name>', 'category scheme', 'vics')
      .option('--format <vics|csv>', 'default: by file extension (.csv → csv, otherwise vics)')
      .option('--default-category <c>', 'CSV without a category column: category of every row'),
    (s, a, o, file: string) => {
      const bytes = readFileSync(file);
      return s.hashSets.import(a, {
        name: o.name, source: o.source, categoryScheme: o.scheme, format: formatOf(o.format, { name: file, bytes }), text: bytes.toString('utf8'),
        ...(o.defaultCategory ? { defaultCategory: o.defaultCategory } : {}),
      });
    },
    [],
  );
  actorCommand(hs.command('list').description("your agency's hash sets"), (s, a) => s.hashSets.list(a), ['id', 'name', 'source', 'categoryScheme', 'entryCount', 'createdAt']);
  actorCommand(
    hs.command('export <id>').description('write a hash set as VICS 2.0 JSON or CSV (stdout or --out)').option('--format <vics|csv>', 'output format', 'vics').option('--out <file>', 'write to this file instead of stdout'),
    async (s, a, o, id: string) => {
      const x = await s.hashSets.export(a, id, formatOf(o.format));
      if (o.out) {
        writeFileSync(o.out, x.text);
        return { hashSet: x.hashSet.id, entries: x.hashSet.entryCount, out: o.out };
      }
      process.stdout.write(x.text.endsWith('\n') ? x.text : `${x.text}\n`);
      return undefined;
    },
    [],
  );
}
