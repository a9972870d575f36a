// POST /api/import and GET /api/export: the transfer procedures over REST, in the export file format.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { directCaller } from '../routers/direct-caller.js';
import { ImportTextGuard } from '../services/import-reader.js';
import { requireAccess, type Context } from '../trpc.js';
import { sendStreamed } from './streamed-reply.js';

/** Large enough for ~10,000 portfolios × 10 holdings; bigger loads go through `folio import`, which streams. */
export const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

const flag = (value: unknown) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value);

/** Registered inside the REST plugin, so it shares its JSON parser (errors go to the app's problem handler). */
export function transferRoutes(app: FastifyInstance, contextFor: (req: FastifyRequest) => Context, streamIdleMs: number): void {
  const call = (req: FastifyRequest) => directCaller(contextFor(req)).portfolio;

  // Its own scope, for its own JSON parser: the file's text rules (nesting depth, a top-level key given
  // twice) are checked as `folio import` checks them, so a file gets one answer from both.
  void app.register(async (scope) => {
    const parseJson = scope.getDefaultJsonParser('error', 'error');
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (req, body, done) => {
      if (body.length === 0) return done(null, undefined);
      try {
        new ImportTextGuard().accept(body as string);
      } catch (err) {
        return done(err as Error, undefined);
      }
      parseJson(req, body as string, done);
    });
    scope.post('/import', { bodyLimit: IMPORT_BODY_LIMIT }, async (req) => {
      const query = req.query as Record<string, unknown>;
      return call(req).import({
        document: req.body as never,
        ...(query.mode !== undefined ? { mode: query.mode as never } : {}),
        ...(query.dry_run !== undefined ? { dry_run: flag(query.dry_run) as never } : {}),
      });
    });
  });

  // The file's own layout (one portfolio per line), byte for byte what `folio export` writes, streamed.
  app.get('/export', async (req, reply) => {
    const ctx = contextFor(req);
    await requireAccess(ctx, 'read');
    const exportedAt = new Date();
    const stamp = exportedAt.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
    reply
      .header('content-disposition', `attachment; filename="folio-export-${stamp}.json"`)
      .type('application/json; charset=utf-8');
    return sendStreamed(reply, () => ctx.services.transfer.exportStream(exportedAt), streamIdleMs);
  });
}
