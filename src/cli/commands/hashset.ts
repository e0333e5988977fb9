// `abgleich hashset import|export|list`: known-hash lists (VICS 2.0 JSON or CSV) of your agency.
import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Command } from 'commander';
import { fail } from '../../domain/errors.ts';
import { hashSetFormats, type HashSetFormat } from '../../services/hashset.service.ts';
import { actorCommand } from './with-actor.ts';

function formatOf(explicit: string | undefined, file: string | undefined): HashSetFormat {
  const f = explicit ?? (file && extname(file).toLowerCase() === '.csv' ? 'csv' : 'vics');
  if (!(hashSetFormats as readonly string[]).includes(f)) fail('ABG_ERR_VALIDATION', `--format must be one of ${hashSetFormats.join(', ')}.`);
  return f as HashSetFormat;
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
    (s, a, o, file: string) => s.hashSets.import(a, {
      name: o.name, source: o.source, categoryScheme: o.scheme, format: formatOf(o.format, file), text: readFileSync(file, 'utf8'),
      ...(o.defaultCategory ? { defaultCategory: o.defaultCategory } : {}),
    }),
    [],
  );
  actorCommand(hs.command('list').description("your agency's hash sets"), (s, a) => s.hashSets.list(a), ['id', 'name', 'source', 'categoryScheme', 'entryCount', 'createdAt']);
  actorCommand(
    hs.command('export <id>').description('write a hash set as VICS 2.0 JSON or CSV (stdout or --out)').option('--format <vics|csv>', 'output format', 'vics').option('--out <file>'),
    async (s, a, o, id: string) => {
      const x = await s.hashSets.export(a, id, formatOf(o.format, undefined));
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
