import type { InstructionSet, Phrases } from 'osrm-text-instructions/languages';

/**
 * Korean turn instructions in osrm-text-instructions' v5 format, in the polite style of Korean car navigation
 * ("송파대로로 좌회전하세요"). The package's own ko.json (0.15.0) puts "로" after every road name (so "잠실역로"
 * where Korean says "잠실역으로"), leaves slight and sharp turns to a "{modifier} 하세요" that reads "조금왼쪽 하세요",
 * has "{direction}로" ("북쪽로"), and typos (첫번쩨, 해세요, 가나서). This set replaces it; the particles that
 * depend on the last syllable of a name are the grammar cases `ro` (으로/로) and `eul` (을/를) of koreanGrammar.ts.
 */

type Mod = 'left' | 'right' | 'sharp left' | 'sharp right' | 'slight left' | 'slight right' | 'straight' | 'uturn';

/** The verb of each turn ("좌회전"), said before 하세요 / 하여. */
const TURN: Record<Mod, string> = {
  left: '좌회전',
  right: '우회전',
  'sharp left': '급좌회전',
  'sharp right': '급우회전',
  'slight left': '왼쪽 방향으로 진행',
  'slight right': '오른쪽 방향으로 진행',
  straight: '직진',
  uturn: '유턴',
};

/** Slight turns name the road after the direction ("왼쪽 방향 잠실로로 진입하세요"), not after a verb that has 으로 already. */
const SLIGHT: Partial<Record<Mod, string>> = { 'slight left': '왼쪽 방향', 'slight right': '오른쪽 방향' };

function turnPhrases(m: Mod, junction = true): Phrases {
  const verb = TURN[m];
  const slight = SLIGHT[m];
  return {
    default: `${verb}하세요`,
    name: slight ? `${slight} {way_name:ro} 진입하세요` : `{way_name:ro} ${verb}하세요`,
    destination: slight ? `${slight} {destination} 방면으로 진입하세요` : `{destination} 방면으로 ${verb}하세요`,
    ...(junction ? { junction_name: `{junction_name}에서 ${verb}하세요` } : {}),
  };
}

const all = (make: (m: Mod) => Phrases, mods: readonly Mod[]): Record<string, Phrases> => Object.fromEntries(mods.map((m) => [m, make(m)]));
const TURNS: readonly Mod[] = ['left', 'right', 'sharp left', 'sharp right', 'slight left', 'slight right', 'straight', 'uturn'];
const SIDES: readonly Mod[] = ['left', 'right', 'sharp left', 'sharp right', 'slight left', 'slight right'];
const side = (m: Mod) => (m.endsWith('left') ? '왼쪽' : '오른쪽');

function arrival(where: string): Phrases {
  return {
    default: `${where}{nth} 목적지에 도착했습니다`,
    upcoming: `곧 ${where}{nth} 목적지에 도착합니다`,
    short: '도착했습니다',
    'short-upcoming': '곧 도착합니다',
    named: `${where}{waypoint_name}에 도착했습니다`,
  };
}

function ramp(kind: '진입' | '진출', m: Mod | null, withExit: boolean): Phrases {
  const on = m ? `${side(m)} ` : '';
  return {
    default: `${on}램프로 ${kind}하세요`,
    name: `${on}램프로 ${kind}하여 {way_name:ro} 가세요`,
    destination: `${on}램프로 ${kind}하여 {destination} 방면으로 가세요`,
    ...(withExit ? { exit: `${on}{exit}번 출구로 나가세요`, exit_destination: `${on}{exit}번 출구로 나가 {destination} 방면으로 가세요` } : {}),
  };
}

function roundaboutEntry(enter: string): { default: Phrases; name: Phrases; exit: Phrases; name_exit: Phrases } {
  return {
    default: { default: `${enter}하세요`, name: `${enter}하여 {way_name:ro} 나가세요`, destination: `${enter}하여 {destination} 방면으로 나가세요` },
    name: { default: '{rotary_name:ro} 진입하세요', name: '{rotary_name:ro} 진입하여 {way_name:ro} 나가세요', destination: '{rotary_name:ro} 진입하여 {destination} 방면으로 나가세요' },
    exit: { default: `${enter}하여 {exit_number} 출구로 나가세요`, name: `${enter}하여 {exit_number} 출구로 나가 {way_name:ro} 가세요`, destination: `${enter}하여 {exit_number} 출구로 나가 {destination} 방면으로 가세요` },
    name_exit: { default: '{rotary_name:ro} 진입하여 {exit_number} 출구로 나가세요', name: '{rotary_name:ro} 진입하여 {exit_number} 출구로 나가 {way_name:ro} 가세요', destination: '{rotary_name:ro} 진입하여 {exit_number} 출구로 나가 {destination} 방면으로 가세요' },
  };
}

export const KOREAN_INSTRUCTIONS: InstructionSet = {
  meta: { capitalizeFirstLetter: false },
  v5: {
    constants: {
      ordinalize: { 1: '첫 번째', 2: '두 번째', 3: '세 번째', 4: '네 번째', 5: '다섯 번째', 6: '여섯 번째', 7: '일곱 번째', 8: '여덟 번째', 9: '아홉 번째', 10: '열 번째' },
      direction: { north: '북쪽', northeast: '북동쪽', east: '동쪽', southeast: '남동쪽', south: '남쪽', southwest: '남서쪽', west: '서쪽', northwest: '북서쪽' },
      modifier: { ...TURN },
      lanes: { xo: '오른쪽 차로를 유지하세요', ox: '왼쪽 차로를 유지하세요', xox: '가운데 차로를 유지하세요', oxo: '왼쪽 또는 오른쪽 차로를 유지하세요' },
    },
    modes: { ferry: { default: '페리를 타세요', name: '{way_name} 페리를 타세요', destination: '{destination} 방면 페리를 타세요' } },
    phrase: {
      'two linked by distance': '{instruction_one}, 그다음 {distance} 앞에서 {instruction_two}',
      'two linked': '{instruction_one}, 그다음 {instruction_two}',
      'one in distance': '{distance} 앞에서 {instruction_one}',
      'name and ref': '{name}({ref})',
      'exit with number': '{exit}번 출구',
    },
    arrive: {
      default: arrival(''),
      ...Object.fromEntries(SIDES.map((m) => [m, arrival(`${side(m)}에 있는 `)])),
      straight: arrival('앞에 있는 '),
    },
    continue: {
      default: { default: '{modifier}하세요', name: '{modifier}하여 {way_name:eul} 따라 계속 가세요', destination: '{destination} 방면으로 {modifier}하세요', exit: '{way_name:ro} {modifier}하세요' },
      straight: {
        default: '계속 직진하세요',
        name: '{way_name:eul} 따라 계속 직진하세요',
        destination: '{destination} 방면으로 계속 가세요',
        distance: '{distance} 직진하세요',
        namedistance: '{way_name:eul} 따라 {distance} 가세요',
      },
      ...all((m) => ({ default: `${TURN[m]}하세요`, name: `${TURN[m]}하여 {way_name:eul} 따라 계속 가세요`, destination: `{destination} 방면으로 ${TURN[m]}하세요`, junction_name: `{junction_name}에서 ${TURN[m]}하세요` }), ['sharp left', 'sharp right', 'slight left', 'slight right', 'uturn']),
    },
    depart: {
      default: { default: '{direction:ro} 출발하세요', name: '{way_name}에서 {direction:ro} 출발하세요', namedistance: '{way_name}에서 {direction:ro} 출발하여 {distance} 가세요' },
    },
    'end of road': {
      default: { default: '도로 끝에서 {modifier}하세요', name: '도로 끝에서 {way_name:ro} {modifier}하세요', destination: '도로 끝에서 {destination} 방면으로 {modifier}하세요', junction_name: '{junction_name}에서 {modifier}하세요' },
      ...all((m) => ({ ...turnPhrases(m), default: `도로 끝에서 ${TURN[m]}하세요`, name: `도로 끝에서 ${turnPhrases(m).name}`, destination: `도로 끝에서 ${turnPhrases(m).destination}` }), TURNS),
    },
    fork: {
      default: { default: '갈림길에서 {modifier}하세요', name: '갈림길에서 {way_name:ro} {modifier}하세요', destination: '갈림길에서 {destination} 방면으로 {modifier}하세요' },
      'slight left': { default: '갈림길에서 왼쪽 길로 가세요', name: '갈림길에서 왼쪽 {way_name:ro} 가세요', destination: '갈림길에서 왼쪽 {destination} 방면으로 가세요' },
      'slight right': { default: '갈림길에서 오른쪽 길로 가세요', name: '갈림길에서 오른쪽 {way_name:ro} 가세요', destination: '갈림길에서 오른쪽 {destination} 방면으로 가세요' },
      'sharp left': { default: '갈림길에서 급좌회전하세요', name: '갈림길에서 {way_name:ro} 급좌회전하세요', destination: '갈림길에서 {destination} 방면으로 급좌회전하세요' },
      'sharp right': { default: '갈림길에서 급우회전하세요', name: '갈림길에서 {way_name:ro} 급우회전하세요', destination: '갈림길에서 {destination} 방면으로 급우회전하세요' },
      uturn: turnPhrases('uturn', false),
    },
    merge: {
      default: { default: '합류하세요', name: '{way_name:ro} 합류하세요', destination: '{destination} 방면으로 합류하세요' },
      straight: { default: '합류하세요', name: '{way_name:ro} 합류하세요', destination: '{destination} 방면으로 합류하세요' },
      ...all((m) => ({ default: `${side(m)}으로 합류하세요`, name: `${side(m)}의 {way_name:ro} 합류하세요`, destination: `${side(m)}으로 합류하여 {destination} 방면으로 가세요` }), ['slight left', 'slight right', 'sharp left', 'sharp right']),
      uturn: turnPhrases('uturn', false),
    },
    'new name': {
      default: { default: '{modifier}하세요', name: '{way_name:ro} {modifier}하세요', destination: '{destination} 방면으로 {modifier}하세요' },
      straight: { default: '계속 직진하세요', name: '{way_name:ro} 계속 가세요', destination: '{destination} 방면으로 계속 가세요' },
      ...all((m) => turnPhrases(m, false), ['sharp left', 'sharp right', 'slight left', 'slight right', 'uturn']),
    },
    notification: {
      default: { default: '{modifier}하세요', name: '{way_name:ro} {modifier}하세요', destination: '{destination} 방면으로 {modifier}하세요' },
      uturn: turnPhrases('uturn', false),
    },
    'off ramp': { default: ramp('진출', null, true), ...all((m) => ramp('진출', m, true), SIDES) },
    'on ramp': { default: ramp('진입', null, false), ...all((m) => ramp('진입', m, false), SIDES) },
    rotary: { default: roundaboutEntry('회전교차로에 진입') },
    roundabout: {
      default: { exit: roundaboutEntry('회전교차로에 진입').exit, default: roundaboutEntry('회전교차로에 진입').default },
    },
    'roundabout turn': {
      default: { default: '{modifier}하세요', name: '{way_name:ro} {modifier}하세요', destination: '{destination} 방면으로 {modifier}하세요' },
      left: turnPhrases('left', false),
      right: turnPhrases('right', false),
      straight: turnPhrases('straight', false),
    },
    'exit roundabout': { default: { default: '회전교차로를 빠져나가세요', name: '회전교차로를 빠져나가 {way_name:ro} 가세요', destination: '회전교차로를 빠져나가 {destination} 방면으로 가세요' } },
    'exit rotary': { default: { default: '회전교차로를 빠져나가세요', name: '회전교차로를 빠져나가 {way_name:ro} 가세요', destination: '회전교차로를 빠져나가 {destination} 방면으로 가세요' } },
    turn: {
      default: { default: '{modifier}하세요', name: '{way_name:ro} {modifier}하세요', destination: '{destination} 방면으로 {modifier}하세요', junction_name: '{junction_name}에서 {modifier}하세요' },
      ...all((m) => turnPhrases(m), TURNS),
    },
    'use lane': { no_lanes: { default: '계속 직진하세요' }, default: { default: '{lane_instruction}' } },
  },
};
