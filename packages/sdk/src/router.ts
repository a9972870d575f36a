// The router's type for outside apps, derived from the contract's procedure table exactly as the
// server derives its router, under a root with the server's error formatter. The server's own
// AppRouter type mentions its context (Knex, Fastify, services), which an outside app can neither
// install nor type-check; this one is emitted as plain types. Nothing here runs in the SDK: index.ts
// imports it as a type only.
import { procedures } from '@folio/contract/procedures';
import { problemErrorFormatter, routerTypeOf } from '@folio/contract/router';
import { initTRPC } from '@trpc/server';
import type { Problem } from './types.js';

const t = initTRPC.create({ errorFormatter: problemErrorFormatter((): Problem => ({ type: '', title: '', status: 0, detail: '' })) });

export const sdkRouter = routerTypeOf(t, procedures);

export type FolioRouter = typeof sdkRouter;
