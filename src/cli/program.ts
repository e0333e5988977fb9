// The `abgleich` command line: every command, with its options, help texts and examples.
import { Command } from 'commander';
import { registerAdminCommands } from './commands/admin.ts';
import { registerInit } from './commands/init.ts';
import { registerServe } from './commands/serve.ts';
import { registerLogCommands } from './commands/log.ts';
import { registerWitnessCommands } from './commands/witness.ts';
import { registerHashCommand } from './commands/hash.ts';
import { registerFaceCommands } from './commands/face.ts';
import { registerEnrollCommand } from './commands/enroll.ts';
import { registerWorkflowCommands } from './commands/workflow.ts';
import { registerObjectionCommands } from './commands/objection.ts';
import { registerHashSetCommands } from './commands/hashset.ts';
import { registerTriageCommand } from './commands/triage.ts';
import { registerRecipientNoticeCommands } from './commands/recipient-notice.ts';
import { registerNoticeCommands } from './commands/notice.ts';
import { registerLoginCommands } from './commands/login.ts';
import { registerModelCommands } from './commands/model.ts';
import { version } from './version.ts';
import { addExamples } from './examples.ts';

/** The whole `abgleich` program, ready to parse. */
export function buildProgram(): Command {
  const program = new Command('abgleich')
    .description('Lawful, auditable face and media matching')
    .version(version)
    .showHelpAfterError();
  registerInit(program);
  registerServe(program);
  registerLoginCommands(program);
  registerAdminCommands(program);
  registerLogCommands(program);
  registerWitnessCommands(program);
  registerHashCommand(program);
  registerFaceCommands(program);
  registerEnrollCommand(program);
  registerWorkflowCommands(program);
  registerObjectionCommands(program);
  registerHashSetCommands(program);
  registerTriageCommand(program);
  registerRecipientNoticeCommands(program);
  registerNoticeCommands(program);
  registerModelCommands(program);
  addExamples(program);
  return program;
}

