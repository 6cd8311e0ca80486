/** Every error code the HTTP API and the websockets send, with its HTTP status. Body: { error: { code, message } }. */
export const API_ERRORS = {
  InvalidJson: 400,
  ValidationFailed: 400,
  /** No token, or a token that is expired, forged or meant for another audience. */
  Unauthenticated: 401,
  /** A valid token whose role may not do this (or not for this vehicle or rider). */
  Forbidden: 403,
  InvalidPickupTime: 422,
  SameOriginAndDestination: 422,
  OutsideServiceArea: 422,
  NotFound: 404,
  UnknownVehicle: 404,
  TripNotCancellable: 409,
  OfferExpired: 409,
  OfferNoLongerAvailable: 409,
  IdempotencyKeyReused: 422,
  ShiftAlreadyStarted: 409,
  ShiftNotStarted: 409,
  VehicleHasOpenStops: 409,
  StopNotOnVehicle: 404,
  StopEventOutOfOrder: 409,
  NoShowTooEarly: 409,
  /** Arrived or dropped off far from the stop, without the driver confirming it (the report says where the bus was). */
  StopOffSite: 409,
  /** A GPS fix too far from the last one for the time between them, or a reported speed no vehicle drives. */
  ImplausiblePosition: 422,
  /** A depot farther from every road than the router snaps: vehicles could never return to it. */
  DepotOffNetwork: 422,
  /** A service area with no road of the network inside it. */
  ServiceAreaOffNetwork: 422,
  /** A shift longer than the configured maximum (default 16 h). */
  ShiftTooLong: 422,
  /** The vehicle's schedule kept changing while this was being committed; nothing was changed. Try again. */
  ScheduleConflict: 409,
  /** The dispatcher could not plan this consistently right now (nothing was changed); try again shortly. */
  PlanningFailed: 503,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  RateLimited: 429,
  RoutingUnavailable: 503,
  DatabaseUnavailable: 503,
  /** The dispatcher is stopping: nothing was done; retry after Retry-After (another instance, or this one restarted). */
  ShuttingDown: 503,
  /** Clustered: NATS does not answer, so a decision for a zone another instance owns cannot be forwarded; retry later. */
  NatsUnavailable: 503,
  /** Clustered: no live instance owns this zone yet (its owner just died; another takes it within seconds); retry later. */
  ZoneUnavailable: 503,
  // Operator actions (issue 14, opsapi).
  /** Pin or move: only an open trip on a vehicle (and, to move, not yet picked up) qualifies. */
  TripNotPinnable: 409,
  TripNotMovable: 409,
  /** The trip already rides the vehicle it was asked to move to. */
  AlreadyOnVehicle: 409,
  /** The move would break a rider's promise: send a reason to override (it is logged), or choose another vehicle. */
  MoveBreaksPromise: 422,
  /** The move would overfill the vehicle or run past its shift end: never allowed. */
  MoveNotFeasible: 422,
  /** A driver break overlapping another of the same vehicle. */
  BreakOverlaps: 409,
  /** A driver break the vehicle's current plan cannot keep (a promise would break), or outside its shift. */
  BreakConflictsWithPlan: 409,
  Internal: 500,
  // ---- Ratings (issue 14 §4) ----
  /** Only a completed ride can be rated (not one to come, cancelled or missed). */
  TripNotRateable: 409,
} as const;
export type ApiErrorCode = keyof typeof API_ERRORS;

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string };
}
