import { EventEmitter } from 'node:events';
import type { LngLat } from '../../routing/Router';

/**
 * Signals from the dispatcher to the realtime layer, sent after a change is committed. `committed` says
 * "the event log has grown": the realtime layer reads the log after the last seq it saw (so it also sees
 * what other dispatcher instances wrote). Positions are not in the event log and travel here directly.
 */
export interface ChangeEvents {
  committed: [];
  position: [{ vehicleId: string; location: LngLat; headingDeg: number | null; atS: number }];
  /** Live ETAs of these trips moved (issue 13): not in the event log, so riders following them are sent their trip. */
  etas: [{ vehicleId: string; tripIds: string[] }];
}

export class ChangeFeed extends EventEmitter<ChangeEvents> {}
