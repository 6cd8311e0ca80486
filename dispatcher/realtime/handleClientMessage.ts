import { type ClientMessage, PROTOCOL_VERSION } from '../../protocol/realtime';
import type { StopReport } from '../../protocol/trips';
import { ApiError } from '../errors/ApiError';
import type { ClientSession } from './ClientSession';
import type { RealtimeDeps, RealtimeHub } from './RealtimeHub';
import type { RealtimeOptions } from './RealtimeOptions';

export interface MessageContext {
  deps: RealtimeDeps;
  hub: RealtimeHub;
  options: RealtimeOptions;
}

type Failure = { code: string; message: string };

/**
 * A message from a client that said hello. Drivers act for the vehicle they signed in to and nothing else;
 * riders and planners follow trips. Requests with a requestId always get an ack.
 */
export async function handleClientMessage(session: ClientSession, message: ClientMessage, ctx: MessageContext): Promise<void> {
  const identity = session.identity!;
  const { authorizer } = ctx.options;
  const { dispatcher } = ctx.deps;
  const ownVehicle = identity.role === 'driver' && authorizer.mayActForVehicle(identity, identity.vehicleId) ? identity.vehicleId : null;
  switch (message.type) {
    case 'hello':
      return session.sendError('MalformedMessage', 'This connection already said hello; open a new one to sign in differently');
    case 'ping':
      return session.send({ v: PROTOCOL_VERSION, type: 'pong' });
    case 'follow_trip':
      if (identity.role === 'driver') return session.sendError('Forbidden', 'Drivers see their trips on the manifest; follow_trip is for riders');
      return ctx.hub.follow(session, message.tripId);
    case 'position': {
      if (ownVehicle === null) return session.sendError('Forbidden', 'Only a driver sends positions, for the vehicle it signed in to');
      const failure = await attempt(ctx, () =>
        dispatcher.reportPosition(ownVehicle, { location: message.location, headingDeg: message.headingDeg, speedMps: message.speedMps }),
      );
      if (failure) session.sendError('RequestFailed', `${failure.code}: ${failure.message}`);
      return;
    }
    case 'stop_event': {
      const failure = ownVehicle === null ? forbidden('Only a driver reports stop events') : await stopEvent(ownVehicle, message.tripId, message.event, { location: message.location, atS: message.atS, confirmOffSite: message.confirmOffSite }, ctx);
      return ack(session, message.requestId, failure);
    }
    case 'reroute': {
      if (ownVehicle === null) return ack(session, message.requestId, forbidden('Only a driver asks for a new route, for its own vehicle'));
      await ctx.hub.reroute(session, ownVehicle, message.from, message.headingDeg);
      return ack(session, message.requestId, null);
    }
    case 'shift': {
      if (ownVehicle === null) return ack(session, message.requestId, forbidden('Only a driver starts or ends a shift, for its own vehicle'));
      const failure = await attempt(ctx, async () => {
        if (message.action === 'end') return void (await dispatcher.endShift(ownVehicle));
        const endsAt = message.endsAt ?? Math.round(ctx.deps.clock.nowS() + ctx.options.defaultShiftS);
        const position = ctx.hub.lastFix(ownVehicle)?.location;
        await dispatcher.startShift(ownVehicle, { endsAt, ...(position ? { position: [position[0], position[1]] as [number, number] } : {}) });
      });
      return ack(session, message.requestId, failure);
    }
  }
}

/** The stop must belong to the driver's own vehicle: another vehicle's trip is refused before the dispatcher sees it. */
async function stopEvent(
  vehicleId: string,
  tripId: string,
  event: Parameters<RealtimeDeps['dispatcher']['stopEvent']>[2],
  report: StopReport,
  ctx: MessageContext,
): Promise<Failure | null> {
  const { dispatcher, repos } = ctx.deps;
  let tripVehicle = dispatcher.fleet.trips.get(tripId)?.vehicleId;
  if (tripVehicle === undefined) {
    const record = await repos.trips.get(tripId);
    if (!record) return { code: 'NotFound', message: `No trip ${tripId}` };
    tripVehicle = record.vehicleId ?? undefined;
  }
  if (tripVehicle !== vehicleId) return forbidden(`Trip ${tripId} is not on vehicle ${vehicleId}`);
  return attempt(ctx, () => dispatcher.stopEvent(vehicleId, tripId, event, report));
}

function forbidden(message: string): Failure {
  return { code: 'Forbidden', message };
}

function ack(session: ClientSession, requestId: string, failure: Failure | null): void {
  session.send(failure ? { v: PROTOCOL_VERSION, type: 'ack', requestId, ok: false, error: failure } : { v: PROTOCOL_VERSION, type: 'ack', requestId, ok: true });
}

/** Runs a dispatcher call; its ApiError comes back as the code and message the client sees. */
async function attempt(ctx: MessageContext, work: () => Promise<unknown>): Promise<Failure | null> {
  try {
    await work();
    return null;
  } catch (e) {
    if (e instanceof ApiError) return { code: e.code, message: e.message };
    ctx.options.log('a driver request failed', e);
    return { code: 'RequestFailed', message: 'The server could not do this now; try again' };
  }
}
