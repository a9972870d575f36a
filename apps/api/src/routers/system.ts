import type { Handlers } from './handlers.js';

export const systemHandlers: Handlers['system'] = {
  health: ({ ctx }) => ctx.services.system.health(),
};
