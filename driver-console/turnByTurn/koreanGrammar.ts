import type { Grammar } from 'osrm-text-instructions/languages';

/**
 * Korean particles after a name, as osrm-text-instructions grammar cases (its `{way_name:case}` tokens): the
 * particle depends on whether the name's last syllable ends in a consonant (batchim). `ro` gives 으로 after a
 * batchim other than ㄹ and 로 otherwise ("잠실역으로", "송파대로로", "오금로11길로"); `eul` gives 을 after any
 * batchim and 를 otherwise ("오금로11길을", "송파대로를"). A name ending in a digit takes the particle of the
 * digit read in Sino-Korean (0 영, 3 삼, 6 육 → 으로; 1 일, 7 칠, 8 팔 end in ㄹ); other endings (Latin) take 로/를.
 *
 * The rules follow the package's grammar format: each is a regular expression over the name wrapped in spaces,
 * and a rule that matched returns the name without its spaces, so later rules no longer match it.
 */

const HANGUL_FIRST = 0xac00;
const HANGUL_BLOCKS = 19 * 21; // initial × medial; each block holds 28 finals, the first of them "none"
const FINAL_RIEUL = 8;

/** A character class of the Hangul syllables whose final is one of `finals` (1–27). */
function syllablesEndingIn(finals: (f: number) => boolean): string {
  const ranges: string[] = [];
  for (let b = 0; b < HANGUL_BLOCKS; b++) {
    let from = -1;
    for (let f = 1; f <= 28; f++) {
      const inside = f < 28 && finals(f);
      if (inside && from < 0) from = f;
      if (!inside && from >= 0) {
        const base = HANGUL_FIRST + b * 28;
        ranges.push(`${String.fromCharCode(base + from)}-${String.fromCharCode(base + f - 1)}`);
        from = -1;
      }
    }
  }
  return `[${ranges.join('')}]`;
}

const BATCHIM_NOT_RIEUL = syllablesEndingIn((f) => f !== FINAL_RIEUL);
const ANY_BATCHIM = syllablesEndingIn(() => true);

export const KOREAN_GRAMMAR: Grammar = {
  meta: { regExpFlags: '' },
  v5: {
    ro: [
      [`^ (.*(?:${BATCHIM_NOT_RIEUL}|[036])) $`, '$1으로'],
      ['^ (.*) $', '$1로'],
    ],
    eul: [
      [`^ (.*(?:${ANY_BATCHIM}|[013678])) $`, '$1을'],
      ['^ (.*) $', '$1를'],
    ],
  },
};
