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
}

export class ChangeFeed extends EventEmitter<ChangeEvents> {}
