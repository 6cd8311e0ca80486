// Types for the two pieces of graphhopper-js-api-client (7.x) Anystop uses. The package ships none, and
// its main entry only sets browser globals, so the pieces are required directly from src/.

declare module 'graphhopper-js-api-client/src/GraphHopperRouting.js' {
  class GraphHopperRouting {
    /** host defaults to https://graphhopper.com/api/1; timeout (ms) goes to axios. */
    constructor(args: { key?: string; host?: string; endpoint?: string; timeout?: number }, requestDefaults?: Record<string, unknown>);
    /**
     * POSTs reqArgs to host + '/route?key=' + key. Keys whose value is falsy are overwritten by the
     * defaults, so `false` options must be given as requestDefaults. Rejects with
     * Error('<hints[0].message or message> - for url <url>'), or 'undefined - for url …' without an answer.
     */
    doRequest(reqArgs: Record<string, unknown>): Promise<unknown>;
  }
  export = GraphHopperRouting;
}

declare module 'graphhopper-js-api-client/src/GraphHopperMatrix.js' {
  class GraphHopperMatrix {
    constructor(args: { key?: string; host?: string; endpoint?: string; timeout?: number }, requestDefaults?: Record<string, unknown>);
    /** POSTs reqArgs to host + '/matrix?key=' + key; same defaults and errors as GraphHopperRouting. */
    doRequest(reqArgs: Record<string, unknown>): Promise<unknown>;
  }
  export = GraphHopperMatrix;
}
