import type { AppRouter } from '@folio/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { authorizationHeader } from './api-key';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

export function createClient(baseUrl = '') {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${baseUrl}/trpc`, headers: authorizationHeader })],
  });
}
