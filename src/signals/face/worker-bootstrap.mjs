// Worker entry: Node does not pass the parent's TypeScript loader into worker threads, so the
// worker registers tsx itself before loading its TypeScript body.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
