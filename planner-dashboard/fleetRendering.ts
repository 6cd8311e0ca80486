import type { VehicleActivity } from '../protocol/realtime';

/**
 * Above this many vehicles the planner's map draws the fleet as dots on one canvas instead of one labelled HTML
 * marker each: thousands of DOM markers (each repositioned on every fix and on every zoom frame) stall the page,
 * while a canvas redraws at most once per animation frame however many dots moved.
 */
export const DOM_MARKER_LIMIT = 300;

export type FleetRendering = 'dom' | 'canvas';

export function fleetRendering(vehicles: number): FleetRendering {
  return vehicles > DOM_MARKER_LIMIT ? 'canvas' : 'dom';
}

/** The canvas's dot colours by activity: the same as the HTML markers' `--vehicle` in web/styles/map.css. */
export const DOT_COLOURS: Record<VehicleActivity, string> = { idle: '#64748b', to_pickup: '#d97706', carrying: '#15803d', off_shift: '#94a3b8' };
