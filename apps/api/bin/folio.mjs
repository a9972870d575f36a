#!/usr/bin/env node
// `pnpm folio …`: pnpm finds this bin in the workspace root's node_modules/.bin and runs it without a
// script banner, so stdout carries only the command's data (`pnpm folio export > f.json`).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
