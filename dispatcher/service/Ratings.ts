import type { TripRating, TripRatingInput } from '../../protocol/ratings';
import { ApiError } from '../errors/ApiError';
import type { DispatchContext } from './DispatchContext';

/** Ratings after the ride: a rider rates their own completed trip; rating again replaces the rating. */
export class Ratings {
  constructor(private readonly ctx: Pick<DispatchContext, 'repos' | 'clock'>) {}

  async rateTrip(tripId: string, riderId: string, input: TripRatingInput): Promise<TripRating> {
    const trip = await this.ctx.repos.trips.get(tripId);
    if (!trip || trip.riderId !== riderId) throw new ApiError('NotFound', `No trip ${tripId}`);
    if (trip.state !== 'completed') throw new ApiError('TripNotRateable', `Trip ${tripId} is ${trip.state.replace('_', ' ')}: only a completed ride can be rated`);
    const comment = input.comment?.trim() ? input.comment.trim() : null;
    const rating = await this.ctx.repos.ratings.rate({ tripId, riderId, stars: input.stars, comment, atS: this.ctx.clock.nowS() });
    // The trip was completed a moment ago and nothing undoes that; a null here is a trip deleted meanwhile.
    if (!rating) throw new ApiError('NotFound', `No trip ${tripId}`);
    return rating;
  }
}
