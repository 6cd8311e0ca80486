/**
 * The pages import protocol/ for its constants and types; its zod schemas are the server's. This stand-in
 * for zod (esbuild alias, browser bundles only) lets those modules load without shipping zod's ~450 kB:
 * every property and call returns the same inert value. A page that tried to validate with a schema
 * would get that value back, so the pages never use schemas (web/tsconfig.json checks them as usual).
 */
const inert = new Proxy(function inert() {}, {
  get: (_target, key) => (key === Symbol.toPrimitive ? () => '' : inert),
  apply: () => inert,
});
export const z = inert;
export default inert;
