/** A rider's rating of a completed trip (issue 14 §4): wire types shared by the server and the pages. */

export const RATING_STARS_MIN = 1;
export const RATING_STARS_MAX = 5;
/** Longest comment a rating may carry (characters). */
export const RATING_COMMENT_MAX = 500;

/** The body of POST /trips/:id/rating. Rating again replaces the rating. */
export interface TripRatingInput {
  /** Whole stars, 1 (poor) to 5 (excellent). */
  stars: number;
  comment?: string | undefined;
}

export interface TripRating {
  tripId: string;
  stars: number;
  comment: string | null;
  ratedAt: number;
}

/** The planner's view of the ratings given over a range (no rider, no comment). */
export interface RatingSummary {
  count: number;
  /** Mean stars, null without ratings. */
  meanStars: number | null;
  /** How many ratings gave 1, 2, 3, 4 and 5 stars. */
  byStars: [number, number, number, number, number];
}
