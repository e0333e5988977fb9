// A real Abgleich server for browser tests: `init --json` over a fresh SQLite data directory,
// then `serve --port 0` on loopback, exactly as an operator would start it.
import { startServerProcess } from '../../src/testing/server-process.ts';

export interface TestServer {
  url: string;
  adminToken: string;
  /** Everything the server process wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/** `prepare` runs after `init` and before `serve`, on the data directory (to add a face model, for instance). */
export async function startServer(options: { prepare?: (dataDir: string) => void | Promise<void> } = {}): Promise<TestServer> {
  const s = await startServerProcess({ ...(options.prepare ? { prepare: options.prepare } : {}) });
  return { url: s.url, adminToken: s.adminToken, stderr: s.stderr, stop: s.stop };
}
