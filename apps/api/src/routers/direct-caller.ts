// REST's way into the procedures: the same table, handlers, access rule, input schemas, request
// transaction and error mapping as tRPC's caller, in the same order (access, then input, then the
// handler inside the request's transaction), without tRPC's per-call machinery. On a write that
// machinery (a context spread per middleware, proxies, the garbage they leave) was ~10 % of the API's
// CPU (docs/performance.md). tRPC clients still go through tRPC; the REST-vs-tRPC parity tests
// (rest.test.ts, fuzz.test.ts, openapi-client.test.ts) hold both to the same answers.
import { procedures, type ProcedureSpec } from '@folio/contract/procedures';
import { requireAccess, procedureProblem, type Context } from '../trpc.js';
import { handlers, type createCaller } from './root.js';

type Caller = ReturnType<typeof createCaller>;
type AnyHandler = (options: { ctx: Context; input: unknown }) => unknown;

async function call(ctx: Context, family: string, name: string, rawInput: unknown): Promise<unknown> {
  const spec = (procedures as Record<string, Record<string, ProcedureSpec>>)[family]?.[name];
  const handler = (handlers as unknown as Record<string, Record<string, AnyHandler>>)[family]?.[name];
  if (!spec || !handler) throw new Error(`no procedure ${family}.${name}`);
  try {
    if (spec.access !== 'public') await requireAccess(ctx, spec.access);
    const input = spec.input ? await spec.input.parseAsync(rawInput) : undefined;
    if (spec.access !== 'write' || !ctx.write) return await handler({ ctx, input });
    // A keyed request: the write joins the request's transaction, as tRPC's middleware does.
    const result = await ctx.write.run(ctx.services, async (services) => {
      try {
        return { ok: true as const, data: await handler({ ctx: { ...ctx, services }, input }) };
      } catch (error) {
        return { ok: false as const, error };
      }
    });
    if (!result.ok) throw result.error;
    return result.data;
  } catch (err) {
    // Input errors stay zod's (mapped to 400/422 by toProblem, as tRPC's are); the rest as tRPC maps them.
    if (err instanceof Error && err.name === 'ZodError') throw err;
    throw procedureProblem(err, { mutation: spec.kind === 'mutation', log: ctx.log, path: `${family}.${name}` });
  }
}

/** A caller with tRPC's caller's type: `directCaller(ctx).portfolio.addStock(input)`. */
export function directCaller(ctx: Context): Caller {
  const family = (name: string) => new Proxy({}, { get: (_target, procedure) => (input: unknown) => call(ctx, name, String(procedure), input) });
  return new Proxy({}, { get: (_target, name) => family(String(name)) }) as Caller;
}
