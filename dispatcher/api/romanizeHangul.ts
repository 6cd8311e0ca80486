/**
 * Hangul in Latin letters after the Revised Romanization of Korean, simplified: letter by letter, with
 * the two sound rules that matter most for street names (a final consonant moves onto a following
 * silent ㅇ; ㄹㄹ reads ll). Enough to find 송파대로 by typing "songpa"; not a transcription of record.
 */
const INITIALS = ['g', 'kk', 'n', 'd', 'tt', 'r', 'm', 'b', 'pp', 's', 'ss', '', 'j', 'jj', 'ch', 'k', 't', 'p', 'h'];
const MEDIALS = ['a', 'ae', 'ya', 'yae', 'eo', 'e', 'yeo', 'ye', 'o', 'wa', 'wae', 'oe', 'yo', 'u', 'wo', 'we', 'wi', 'yu', 'eu', 'ui', 'i'];
/** Finals before a consonant or at the end. */
const FINALS = ['', 'k', 'k', 'k', 'n', 'n', 'n', 't', 'l', 'k', 'm', 'l', 'l', 'l', 'p', 'l', 'm', 'p', 'p', 't', 't', 'ng', 't', 't', 'k', 't', 'p', 't'];
/** Finals carried onto a following silent ㅇ (liaison). */
const LIAISON = ['', 'g', 'kk', 'ks', 'n', 'nj', 'nh', 'd', 'r', 'lg', 'lm', 'lb', 'ls', 'lt', 'lp', 'lh', 'm', 'b', 'bs', 's', 'ss', 'ng', 'j', 'ch', 'k', 't', 'p', 'h'];

const SYLLABLE_FIRST = 0xac00;
const SYLLABLE_LAST = 0xd7a3;
const SILENT_INITIAL = 11;
const RIEUL_INITIAL = 5;
const RIEUL_FINAL = 8;

function syllable(ch: string): { initial: number; medial: number; final: number } | null {
  const code = ch.codePointAt(0) ?? 0;
  if (code < SYLLABLE_FIRST || code > SYLLABLE_LAST) return null;
  const i = code - SYLLABLE_FIRST;
  return { initial: Math.floor(i / 588), medial: Math.floor((i % 588) / 28), final: i % 28 };
}

/** `romanizeHangul('송파대로') === 'songpadaero'`; other characters pass through unchanged. */
export function romanizeHangul(text: string): string {
  const chars = Array.from(text);
  let out = '';
  for (let k = 0; k < chars.length; k++) {
    const s = syllable(chars[k]);
    if (!s) {
      out += chars[k];
      continue;
    }
    const next = k + 1 < chars.length ? syllable(chars[k + 1]) : null;
    const prev = k > 0 ? syllable(chars[k - 1]) : null;
    let initial = INITIALS[s.initial];
    if (s.initial === RIEUL_INITIAL && prev?.final === RIEUL_FINAL) initial = 'l';
    if (prev && prev.final !== 0 && s.initial === SILENT_INITIAL && LIAISON[prev.final] !== 'ng') initial = '';
    let final = FINALS[s.final];
    if (s.final !== 0 && next?.initial === SILENT_INITIAL && LIAISON[s.final] !== 'ng') final = LIAISON[s.final];
    out += initial + MEDIALS[s.medial] + final;
  }
  return out;
}

/** What a search compares: lower case, no spaces, hyphens or dots, Hangul also romanized. */
export function searchKey(text: string): string {
  return romanizeHangul(text.normalize('NFC')).toLowerCase().replace(/[\s\-.'’·]/g, '');
}
