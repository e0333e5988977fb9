// Runs `abgleich log …` and `abgleich stats` in-process, as tests of those commands need.
import { Command } from 'commander';
import { registerLogCommands } from '../cli/commands/log.ts';

/** Runs one command line in-process and returns what it printed and its exit code. */
export async function runLogCommand(args: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const program = new Command('abgleich').exitOverride();
  registerLogCommands(program, (text) => {
    out += text;
  });
  // Errors go to stderr through the shared action wrapper; the test runner reports on stdout only.
  const e = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  const before = process.exitCode;
  process.exitCode = 0;
  try {
    await program.parseAsync(['node', 'abgleich', ...args]);
  } finally {
    process.stderr.write = e;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = before;
  return { out, err, code };
}
