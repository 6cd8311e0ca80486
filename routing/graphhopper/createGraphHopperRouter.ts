import type { RouterFactory } from '../registry';

// Placeholder until the backend lands; replaced by the real factory.
export const createGraphHopperRouter: RouterFactory = async () => {
  throw new Error('createGraphHopperRouter: not implemented yet');
};
