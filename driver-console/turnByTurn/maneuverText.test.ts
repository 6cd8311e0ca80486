import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { OsrmStep } from 'osrm-text-instructions';
import osrmTextInstructions from 'osrm-text-instructions';
import { BuiltinRouter } from '../../routing/builtin/BuiltinRouter';
import { prepareRouter } from '../../routing/builtin/prepare';
import { maneuversOf } from '../../dispatcher/realtime/manifestView';
import type { RouteManeuver } from '../../protocol/realtime';
import { sharedPath } from '../../test-support/sharedData';
import { maneuverText } from './maneuverText';

const at: [number, number] = [127.1, 37.51];
const turn = (type: RouteManeuver['type'], name: string, modifier?: RouteManeuver['modifier']): RouteManeuver => ({ type, name, location: at, bearingAfter: 150, atM: 0, ...(modifier ? { modifier } : {}) });

describe('the next maneuver in words', () => {
  test.each([
    ['en', 200, 'In 200 m, turn left onto 송파대로'],
    ['ko', 200, '200 m 앞에서 송파대로로 좌회전하세요'],
    ['en', 5, 'Turn left onto 송파대로'],
    ['ko', 5, '송파대로로 좌회전하세요'],
    ['en', 1240, 'In 1.2 km, turn left onto 송파대로'],
  ] as const)('%s, %d m before a left turn: %p', (lang, inM, said) => {
    expect(maneuverText(turn('turn', '송파대로', 'left'), inM, lang)).toBe(said);
  });

  test.each([
    // 으로 after a final consonant other than ㄹ (역, 천), 로 after a vowel or ㄹ (로, 길), a digit read aloud (3 삼, 2 이)
    ['잠실역', '잠실역으로 우회전하세요'],
    ['탄천', '탄천으로 우회전하세요'],
    ['오금로', '오금로로 우회전하세요'],
    ['올림픽로34길', '올림픽로34길로 우회전하세요'],
    ['국도3', '국도3으로 우회전하세요'],
    ['국도2', '국도2로 우회전하세요'],
  ])('Korean picks 으로 or 로 after %p', (name, said) => {
    expect(maneuverText(turn('turn', name, 'right'), null, 'ko')).toBe(said);
  });

  test('a slight turn, a departure, an unnamed road and the arrival read as Korean navigation says them', () => {
    expect(maneuverText(turn('turn', '잠실로', 'slight left'), null, 'ko')).toBe('왼쪽 방향 잠실로로 진입하세요');
    expect(maneuverText(turn('depart', '송파대로'), null, 'ko')).toBe('송파대로에서 남동쪽으로 출발하세요');
    expect(maneuverText(turn('turn', '', 'sharp right'), null, 'ko')).toBe('급우회전하세요');
    expect(maneuverText(turn('continue', '오금로11길', 'straight'), null, 'ko')).toBe('오금로11길을 따라 계속 직진하세요');
    expect(maneuverText(turn('arrive', '오금로'), 300, 'ko')).toBe('300 m 앞에서 곧 목적지에 도착합니다');
    expect(maneuverText(turn('arrive', '오금로'), 300, 'en')).toBe('In 300 m, you will arrive at your destination');
    expect(maneuverText(turn('arrive', '오금로'), 0, 'en')).toBe('You have arrived at your destination');
  });

  test('every step of a real route in Songpa reads in English and in Korean', async () => {
    const router = new BuiltinRouter(await prepareRouter(sharedPath('data', 'osm', 'seoul-songpa.osm.pbf')));
    try {
      const route = await router.route([[127.1004, 37.5117], [127.1121, 37.5152]], { steps: true });
      const maneuvers = maneuversOf(route.legs[0].steps!);
      const said = maneuvers.map((m) => [maneuverText(m, null, 'en'), maneuverText(m, null, 'ko')]);
      expect(said).toEqual([
        ['Head southeast on 송파대로', '송파대로에서 남동쪽으로 출발하세요'],
        ['Turn left onto 잠실로', '잠실로로 좌회전하세요'],
        ['Continue onto 잠실길지하차도', '잠실길지하차도로 계속 가세요'],
        ['Continue onto 잠실로', '잠실로로 계속 가세요'],
        ['Turn left onto 오금로', '도로 끝에서 오금로로 좌회전하세요'],
        ['Turn right onto 오금로11길', '오금로11길로 우회전하세요'],
        ['Turn right onto 오금로11길', '도로 끝에서 오금로11길로 우회전하세요'],
        ['Turn right onto 올림픽로34길', '올림픽로34길로 우회전하세요'],
        ['Turn right to stay on 올림픽로34길', '우회전하여 올림픽로34길을 따라 계속 가세요'],
        ['You have arrived at your destination', '목적지에 도착했습니다'],
      ]);
      // With the distance, as the console shows it before the first turn (119 m ahead of the start).
      expect(maneuverText(maneuvers[1], maneuvers[1].atM, 'ko')).toBe('120 m 앞에서 잠실로로 좌회전하세요');
    } finally {
      await router.close();
    }
  });

  test("every step in the package's own test fixtures has a whole Korean sentence (no token left, no English)", () => {
    const text = osrmTextInstructions('v5');
    const fixtures = join(dirname(require.resolve('osrm-text-instructions/package.json')), 'test', 'fixtures', 'v5');
    const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.json') ? [join(dir, f)] : []));
    let checked = 0;
    for (const file of files(fixtures)) {
      const fixture = JSON.parse(readFileSync(file, 'utf8')) as { step?: OsrmStep; options?: Record<string, unknown>; instructions?: Record<string, string> };
      // One fixture checks the package's log line for a made-up maneuver type; it says nothing about Korean.
      if (!fixture.step || !fixture.instructions?.ko || file.endsWith('invalid_type.json')) continue;
      const said = text.compile('ko', fixture.step, fixture.options ?? {});
      expect({ file, said }).toEqual({ file, said: expect.stringMatching(/^[^{}]*[가-힣][^{}]*$/) });
      expect({ file, said }).not.toEqual({ file, said: expect.stringMatching(/\b(Turn|Head|Continue|Take|Keep|Merge|Make|Enter|Exit)\b/) });
      checked++;
    }
    expect(checked).toBeGreaterThan(500);
  });
});
