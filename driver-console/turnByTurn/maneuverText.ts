import osrmTextInstructions, { type OsrmStep } from 'osrm-text-instructions';
import { grammars, instructions } from 'osrm-text-instructions/languages';
import type { RouteManeuver } from '../../protocol/realtime';
import { formatDistanceM } from '../../web/shared/format';
import type { Language } from '../../web/shared/i18n/Dictionary';
import { KOREAN_GRAMMAR } from './koreanGrammar';
import { KOREAN_INSTRUCTIONS } from './koreanInstructions';

// The package is data-driven: a language is its table (and grammar) in these shared records. Ours replaces
// the Korean one it ships (see koreanInstructions.ts for why).
instructions.ko = KOREAN_INSTRUCTIONS;
grammars.ko = KOREAN_GRAMMAR;

const text = osrmTextInstructions('v5');

/** Closer than this (m), a maneuver is said without its distance: it is now. */
export const NOW_M = 20;

/** The maneuver as OSRM would send its step (Korea drives on the right). */
export function osrmStep(m: RouteManeuver): OsrmStep {
  return {
    // The package wants a modifier on every maneuver but depart and arrive; a backend that sends none means straight on.
    maneuver: { type: m.type, modifier: m.modifier ?? (m.type === 'depart' || m.type === 'arrive' ? undefined : 'straight'), bearing_after: m.bearingAfter, exit: m.exit },
    name: m.name,
    mode: 'driving',
    driving_side: 'right',
  };
}

/**
 * What to do next, in the driver's language: "In 200 m, turn left onto 송파대로" / "200 m 앞에서 송파대로로
 * 좌회전하세요". `inM` is how far ahead the maneuver is (null: unknown, no distance said). The arrival ahead
 * is said as upcoming ("You will arrive…"), and as arrived once the bus is there.
 */
export function maneuverText(m: RouteManeuver, inM: number | null, lang: Language): string {
  const soon = inM !== null && inM >= NOW_M;
  const arriving = m.type === 'arrive' && soon;
  const instruction = arriving ? upcomingArrival(m, lang) : text.compile(lang, osrmStep(m), { legCount: 1, legIndex: 0 }).trim();
  if (!soon) return instruction;
  const phrase = instructions[lang].v5.phrase['one in distance'];
  return text.tokenize(lang, phrase, { distance: formatDistanceM(inM, lang), instruction_one: lowerFirst(instruction, lang) }).trim();
}

/** The package's "You will arrive at your destination", on the side the stop is on when the backend says. */
function upcomingArrival(m: RouteManeuver, lang: Language): string {
  const arrive = instructions[lang].v5.arrive as Record<string, Record<string, string>>;
  const phrasing = (m.modifier && arrive[m.modifier]) || arrive.default;
  return text.tokenize(lang, phrasing.upcoming, { nth: '' }).trim();
}

/** "Turn left onto X" inside "In 200 m, …" reads "turn left onto X" (languages that capitalise sentences). */
function lowerFirst(s: string, lang: Language): string {
  return instructions[lang].meta.capitalizeFirstLetter ? s.charAt(0).toLocaleLowerCase(lang) + s.slice(1) : s;
}
