// Benchmark dispatcher: `npm run bench -- <name> [--quick]` runs bench/<name>.bench.ts.
// Every benchmark prints one JSON object as its last line of output.
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const [name, ...rest] = process.argv.slice(2);
const available = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, ''));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name> [--quick]\navailable: ${available.join(', ') || '(none)'}`);
  process.exit(2);
}
const file = `${here}${name}.bench.ts`;
if (!existsSync(file)) process.exit(2);
process.argv = [process.argv[0]!, file, ...rest];
await import(pathToFileURL(file).href);
