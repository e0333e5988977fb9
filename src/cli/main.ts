// The `abgleich` command line.
import { buildProgram } from './program.ts';

await buildProgram().parseAsync(process.argv);
