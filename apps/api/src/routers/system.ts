import { API_VERSION } from '@folio/contract/version';
import type { Handlers } from './handlers.js';

export const systemHandlers: Handlers['system'] = {
  health: ({ ctx }) => ctx.services.system.health(),
  // No auth in the context means auth is off (in-process callers), as authorize() reads it.
  config: ({ ctx }) => ({ auth: ctx.auth?.mode ?? 'off', api_version: API_VERSION }),
};
