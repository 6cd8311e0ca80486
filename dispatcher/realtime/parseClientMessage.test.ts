import { parseClientMessage } from './parseClientMessage';

const parse = (value: unknown) => parseClientMessage(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)), false);

describe('parseClientMessage', () => {
  test('a valid hello is accepted', () => {
    expect(parse({ v: 1, type: 'hello', role: 'driver', vehicleId: 'bus-1', lastSeq: 12 })).toEqual({
      ok: true,
      message: { v: 1, type: 'hello', role: 'driver', vehicleId: 'bus-1', lastSeq: 12 },
    });
  });

  test.each([
    ['not JSON', '{"v":1,', 'MalformedMessage'],
    ['a JSON array', [1, 2], 'MalformedMessage'],
    ['another protocol version', { v: 2, type: 'ping' }, 'UnsupportedVersion'],
    ['no version', { type: 'ping' }, 'UnsupportedVersion'],
    ['an unknown type', { v: 1, type: 'teleport' }, 'UnknownType'],
    ['a position outside the world', { v: 1, type: 'position', location: [200, 37] }, 'MalformedMessage'],
    ['an extra field', { v: 1, type: 'ping', extra: true }, 'MalformedMessage'],
  ])('%s is refused with a code the client can act on', (_situation, value, code) => {
    const parsed = parse(value);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.code).toBe(code);
      expect(parsed.error.message.length).toBeGreaterThan(10);
    }
  });

  test('a schema failure names the field', () => {
    const parsed = parse({ v: 1, type: 'stop_event', requestId: 'r1', tripId: 't1', event: 'teleported' });
    expect(!parsed.ok && parsed.error.message).toMatch(/^Invalid stop_event message: event: /);
  });

  test('binary frames are refused', () => {
    expect(parseClientMessage(Buffer.from('{}'), true)).toMatchObject({ ok: false, error: { code: 'MalformedMessage' } });
  });
});
