import { romanize } from 'es-hangul';

/**
 * Hangul in Latin letters after the standard Revised Romanization of Korean (es-hangul applies its sound
 * rules: 올림픽로 reads "ollimpingno", as name:ko-Latn has it); other characters pass through unchanged.
 */
export function romanizeHangul(text: string): string {
  return /[\u3131-\u318e\uac00-\ud7a3]/u.test(text) ? romanize(text.normalize('NFC')) : text;
}

/** What a search compares: lower case, no spaces, hyphens or dots, Hangul also romanized. */
export function searchKey(text: string): string {
  return romanizeHangul(text.normalize('NFC')).toLowerCase().replace(/[\s\-.'’·]/g, '');
}
