// Compile-time proof that the SDK's contract-only router describes the server's real one: same
// procedures, same inputs, same outputs, same error shape. `pnpm typecheck` fails here when they drift.
// IF THIS FAILS: a procedure was added, renamed or changed on the server (apps/api/src/routers) —
// mirror it in packages/sdk/src/router.ts with the same contract schemas and query/mutation kind.
import type { AppRouter } from '@folio/api';
import type { inferRouterError, inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { FolioRouter } from '../src/router.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;
/** query / mutation / subscription of every procedure, by path */
type Kinds<R> = { [K in keyof R]: R[K] extends { _def: { type: infer T } } ? T : Kinds<R[K]> };

export type Parity = [
  Expect<Equal<inferRouterInputs<FolioRouter>, inferRouterInputs<AppRouter>>>,
  Expect<Equal<inferRouterOutputs<FolioRouter>, inferRouterOutputs<AppRouter>>>,
  Expect<Equal<inferRouterError<FolioRouter>, inferRouterError<AppRouter>>>,
  Expect<Equal<Kinds<FolioRouter['_def']['record']>, Kinds<AppRouter['_def']['record']>>>,
];
