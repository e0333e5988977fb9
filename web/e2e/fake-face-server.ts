// A real Abgleich HTTP server over a real SQLite data directory whose face engine is the test
// fake (images are small JSON documents naming an identity), so browser tests can walk the
// search → review → disclosure workflow while `serve` ships no face model.
// Usage: node --import tsx web/e2e/fake-face-server.ts <data dir>; prints {"url","token"} on stdout.
import { buildApp } from '../../src/api/app.ts';
import { loadConfig } from '../../src/cli/config.ts';
import { openRuntime } from '../../src/cli/runtime.ts';
import { bootstrap } from '../../src/services/bootstrap.service.ts';
import { FakeFaceEngine } from '../../src/services/testing/fake-face-engine.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: fake-face-server.ts <data dir>');
const rt = await openRuntime(loadConfig({ env: {}, flags: { dataDir } }), { faces: new FakeFaceEngine(), logger: { warn: () => {}, info: () => {} } });
const boot = await bootstrap(rt.services.deps, { agencyName: 'Owner agency', adminName: 'owner admin' });
const app = await buildApp(rt.services, { logger: false });
const url = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ url, token: boot.token })}\n`);
const stop = async () => {
  await app.close();
  await rt.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
