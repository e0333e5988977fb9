// Every option of every command says what it is for, and every command's help shows an example.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Command } from 'commander';
import { buildProgram } from './program.ts';
import { commandsWithExamples } from './examples.ts';

function* commandsOf(cmd: Command, path: string[] = []): Generator<[string, Command]> {
  for (const sub of cmd.commands) {
    const name = [...path, sub.name()];
    yield [name.join(' '), sub];
    yield* commandsOf(sub, name);
  }
}

/** The help a user sees for `abgleich <command> --help`, including text added after it. */
function helpOf(cmd: Command): string {
  let text = '';
  cmd.configureOutput({ writeOut: (s) => { text += s; }, writeErr: (s) => { text += s; } });
  cmd.outputHelp();
  return text;
}

test('every option of every command has a description', () => {
  const missing: string[] = [];
  for (const [name, cmd] of commandsOf(buildProgram())) {
    for (const o of cmd.options) if (!o.description?.trim()) missing.push(`${name} ${o.flags}`);
  }
  assert.deepEqual(missing, []);
});

test("every command's help shows an example", () => {
  const missing: string[] = [];
  for (const [name, cmd] of commandsOf(buildProgram())) {
    if (!/\nExamples?:\n\s+\$ abgleich /.test(helpOf(cmd))) missing.push(name);
  }
  assert.deepEqual(missing, []);
});

test('examples belong to commands that exist and show that command', () => {
  const commands = new Map(commandsOf(buildProgram()));
  for (const name of commandsWithExamples()) {
    const cmd = commands.get(name);
    assert.ok(cmd, `an example for a command that does not exist: ${name}`);
    assert.match(helpOf(cmd), new RegExp(`\\$ abgleich ${name}( |$)`, 'm'), name);
  }
  assert.match(helpOf(commands.get('enroll')!), /\$ abgleich enroll Mugshots /);
});
