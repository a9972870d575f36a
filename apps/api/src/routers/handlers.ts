import type { Procedures } from '@folio/contract/procedures';
import type { HandlersOf } from '@folio/contract/router';
import type { Context } from '../trpc.js';

/** What each procedure of the contract's table does on the server, by family. */
export type Handlers = HandlersOf<Context, Procedures>;
