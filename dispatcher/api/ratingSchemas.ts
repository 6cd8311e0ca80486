import { z } from 'zod';
import { RATING_COMMENT_MAX, RATING_STARS_MAX, RATING_STARS_MIN, type TripRatingInput } from '../../protocol/ratings';
import type { SameType } from '../../protocol/typeEquality';

/** The body of POST /trips/:id/rating (issue 14 §4). A blank comment is no comment. */
export const tripRatingSchema = z
  .object({
    stars: z.number().int().min(RATING_STARS_MIN).max(RATING_STARS_MAX).describe('whole stars, 1 (poor) to 5 (excellent)'),
    comment: z.string().max(RATING_COMMENT_MAX).optional().describe(`what the rider wants to say, at most ${RATING_COMMENT_MAX} characters`),
  })
  .strict();

const proved: SameType<z.input<typeof tripRatingSchema>, TripRatingInput> = true;
void proved;
