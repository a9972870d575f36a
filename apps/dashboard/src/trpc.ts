import { createClient as createFolioClient, type FolioClient, type FolioRouter } from '@folio/sdk';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { authorizationHeader } from './api-key';

export const { TRPCProvider, useTRPC } = createTRPCContext<FolioRouter>();

/** The SDK's client, sending the stored API key with every request. */
export function createClient(baseUrl = ''): FolioClient {
  return createFolioClient({ url: baseUrl, headers: authorizationHeader });
}
