#!/usr/bin/env node
// Entry point: loads the TypeScript sources through tsx, so the checkout runs without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
