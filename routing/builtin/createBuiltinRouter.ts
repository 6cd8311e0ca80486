import type { RouterFactory } from '../registry';

// Placeholder until the backend lands; replaced by the real factory.
export const createBuiltinRouter: RouterFactory = async () => {
  throw new Error('createBuiltinRouter: not implemented yet');
};
