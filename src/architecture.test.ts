// The import rules of the ports-and-adapters shape (docs/architecture.md), checked on every
// relative import of every source file: a rule broken in one file fails here with its name.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const src = dirname(fileURLToPath(import.meta.url));

interface Import { from: string; to: string }

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) sourceFiles(full, out);
    else if (/\.(ts|mjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

const specifier = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)'(\.{1,2}\/[^']+)'/g;

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(specifier)].map((m) => ({
    from: relative(src, file).split(sep).join('/'),
    to: relative(src, resolve(dirname(file), m[1]!)).split(sep).join('/'),
  }));
}

const imports = sourceFiles(src).flatMap(importsOf);
const top = (path: string) => path.split('/')[0]!;
const isTest = (path: string) => /\.(test|contract)\.ts$/.test(path) || top(path) === 'testing';
const production = imports.filter((i) => !isTest(i.from));

/** The store's narrow interfaces (store/*.ts) are ports; store/kysely/ is their adapter. */
const isStorePort = (path: string) => /^store\/[^/]+\.ts$/.test(path) && !path.endsWith('.contract.ts');
const technology = new Set(['signals', 'index', 'media', 'store', 'audit', 'interop']);

function broken(rule: (i: Import) => boolean): string[] {
  return production.filter(rule).map((i) => `${i.from} → ${i.to}`);
}

describe('architecture: import rules', () => {
  it('reads the source tree', () => {
    assert.ok(production.length > 500, `only ${production.length} imports found`);
  });

  it('domain imports only domain', () => {
    assert.deepEqual(broken((i) => top(i.from) === 'domain' && top(i.to) !== 'domain'), []);
  });

  it('services import only domain, services and the store interfaces', () => {
    assert.deepEqual(broken((i) => top(i.from) === 'services' && !['domain', 'services'].includes(top(i.to)) && !isStorePort(i.to)), []);
  });

  it('technology folders never import the composition root, the API, the CLI or test support', () => {
    assert.deepEqual(broken((i) => technology.has(top(i.from)) && ['app', 'api', 'cli', 'testing'].includes(top(i.to))), []);
  });

  it('media decoding does not depend on the signal types (signals build on media, not the reverse)', () => {
    assert.deepEqual(broken((i) => top(i.from) === 'media' && top(i.to) === 'signals'), []);
  });

  it('the composition root is not imported by technology or by the services', () => {
    assert.deepEqual(broken((i) => top(i.to) === 'app' && !['app', 'api', 'cli'].includes(top(i.from))), []);
  });

  it('no production file imports test support', () => {
    assert.deepEqual(broken((i) => isTest(i.to)), []);
  });

  it('the rules see a violation when one is there', () => {
    const sample: Import = { from: 'services/x.service.ts', to: 'signals/pdq/pdq-hash.ts' };
    assert.ok(top(sample.from) === 'services' && !isStorePort(sample.to) && top(sample.to) === 'signals');
    assert.ok(isStorePort('store/store.ts') && !isStorePort('store/kysely/kysely-store.ts'));
  });
});
