import type { RouterOutputs } from '@folio/sdk';

export type RebalanceResult = RouterOutputs['analysis']['rebalance'];
