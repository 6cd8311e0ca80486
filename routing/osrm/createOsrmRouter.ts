import type { RouterFactory } from '../registry';

// Placeholder until the backend lands; replaced by the real factory.
export const createOsrmRouter: RouterFactory = async () => {
  throw new Error('createOsrmRouter: not implemented yet');
};
