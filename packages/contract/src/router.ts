// The tRPC router of the procedure table (procedures.ts), for the server (which supplies handlers) and
// the SDK (which needs only its type). Both derive it here, so they cannot drift apart.
import type {
  AnyTRPCProcedure,
  TRPCBuiltRouter,
  TRPCDecorateCreateRouterOptions,
  TRPCDefaultErrorShape,
  TRPCError,
  TRPCMutationProcedure,
  TRPCQueryProcedure,
  TRPCRouterRecord,
} from '@trpc/server';
import type { z } from 'zod';
import type { Problem } from './index.js';
import type { ProcedureSpec, ProcedureTable } from './procedures.js';

export type InputOf<S extends ProcedureSpec> = S extends { input: z.ZodType } ? z.input<S['input']> : void;
export type ParsedInputOf<S extends ProcedureSpec> = S extends { input: z.ZodType } ? z.output<S['input']> : void;
export type OutputOf<S extends ProcedureSpec> = z.output<S['output']>;

type ProcedureOf<S extends ProcedureSpec> = S['kind'] extends 'query'
  ? TRPCQueryProcedure<{ input: InputOf<S>; output: OutputOf<S>; meta: object }>
  : TRPCMutationProcedure<{ input: InputOf<S>; output: OutputOf<S>; meta: object }>;

/** One router per family, each holding its procedures with their input and output types. */
type FamiliesOf<TRoot extends RootTypes, T extends ProcedureTable> = {
  -readonly [F in keyof T]: TRPCBuiltRouter<TRoot, TRPCDecorateCreateRouterOptions<{ -readonly [P in keyof T[F]]: ProcedureOf<T[F][P]> }>>;
};

/** The router a table becomes under a tRPC root (`t._config.$types`); the same for server and SDK. */
type RouterOf<TRoot extends RootTypes, T extends ProcedureTable> = TRPCBuiltRouter<
  TRoot,
  TRPCDecorateCreateRouterOptions<FamiliesOf<TRoot, T>>
>;

export interface RootTypes {
  ctx: object;
  meta: object;
  errorShape: unknown;
  transformer: boolean;
}

/**
 * The error formatter of every Folio tRPC root: the RFC 9457 problem rides in `error.data.problem`,
 * its detail is the message, and no stack leaves the server.
 */
export function problemErrorFormatter(toProblem: (error: TRPCError) => Problem) {
  return ({ shape, error }: { shape: TRPCDefaultErrorShape; error: TRPCError }) => {
    const problem = toProblem(error);
    return { ...shape, message: problem.detail, data: { ...shape.data, stack: undefined, problem } };
  };
}

/** What the server writes for one procedure: its parsed input in, its output's shape out. */
export type HandlerOf<TCtx, S extends ProcedureSpec> = (options: {
  ctx: TCtx;
  input: ParsedInputOf<S>;
}) => Promise<OutputOf<S>> | OutputOf<S>;

export type HandlersOf<TCtx, T extends ProcedureTable> = { -readonly [F in keyof T]: { [P in keyof T[F]]: HandlerOf<TCtx, T[F][P]> } };

/** The minimum of tRPC's procedure builder that building a table needs. */
interface Builder {
  input(schema: z.ZodType): Builder;
  query(resolver: (options: never) => unknown): AnyTRPCProcedure;
  mutation(resolver: (options: never) => unknown): AnyTRPCProcedure;
}

/**
 * Builds the table's router at run time: each procedure from the base its access names (so auth is
 * applied by the table), with its input parser and its handler. The result's type is RouterOf.
 */
export function buildRouter<TRoot extends RootTypes, T extends ProcedureTable, TCtx>(options: {
  router: (record: TRPCRouterRecord) => unknown;
  bases: Record<ProcedureSpec['access'], unknown>;
  table: T;
  handlers: HandlersOf<TCtx, T>;
}): RouterOf<TRoot, T> {
  const families: TRPCRouterRecord = {};
  for (const [family, specs] of Object.entries(options.table)) {
    const record: TRPCRouterRecord = {};
    for (const [name, spec] of Object.entries(specs)) {
      const base = options.bases[spec.access] as Builder;
      const withInput = spec.input ? base.input(spec.input) : base;
      const handler = (options.handlers as Record<string, Record<string, (o: never) => unknown>>)[family]?.[name];
      if (!handler) throw new Error(`no handler for ${family}.${name}`);
      record[name] = spec.kind === 'query' ? withInput.query(handler) : withInput.mutation(handler);
    }
    families[family] = options.router(record) as TRPCRouterRecord;
  }
  return options.router(families) as RouterOf<TRoot, T>;
}

/**
 * The router type of a table under a root, for a client that needs only the type (the SDK). Its
 * declared type is spelled out in emitted .d.ts files, because RouterOf is not exported. Never call it.
 */
export function routerTypeOf<TRoot extends RootTypes, T extends ProcedureTable>(
  _root: { _config: { $types: TRoot } },
  _table: T,
): RouterOf<TRoot, T> {
  throw new Error('routerTypeOf is for types only');
}
