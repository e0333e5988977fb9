// A second process that holds the write lock of a SQLite file, as a busy server would.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

const script = `
const db = new (require('better-sqlite3'))(process.argv[1]);
db.exec('BEGIN IMMEDIATE');
db.prepare("CREATE TABLE IF NOT EXISTS lock_holder (n INTEGER)").run();
process.stdout.write('held\\n');
process.stdin.on('data', () => { db.exec('COMMIT'); db.close(); process.stdout.write('released\\n'); process.exit(0); });
`;

export interface LockHolder {
  /** Commits the holder's transaction and waits for the process to end. */
  release(): Promise<void>;
}

/** Starts a process that opens `file` and holds a write transaction on it until released. */
export async function holdWriteLock(file: string): Promise<LockHolder> {
  const child = spawn(process.execPath, ['-e', script, file], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => { out += d; if (out.includes('held')) resolve(); });
    child.on('exit', (code) => reject(new Error(`lock holder exited ${code}: ${err}`)));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    async release() {
      if (child.exitCode === null) child.stdin.end('go\n');
      await exited;
    },
  };
}
