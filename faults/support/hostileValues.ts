import { Random } from '../../dispatcher/optimizer/Random';

/**
 * Seeded hostile values for fuzzing the API: wrong types, extreme numbers, number-like strings, unicode that breaks
 * naive code (NUL, lone surrogates, right-to-left overrides), deep nesting and prototype-pollution keys.
 */
export class HostileValues {
  readonly random: Random;

  constructor(seed: number) {
    this.random = new Random(seed);
  }

  int(n: number): number {
    return Math.floor(this.random.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  chance(p: number): boolean {
    return this.random.next() < p;
  }

  /** A number JSON can carry that no field expects. */
  number(): number {
    return this.pick([1e308, -1e308, 5e-324, -0, 2 ** 53 + 1, -(2 ** 63), 4294967296, 0.1 + 0.2, -1, 0, 1e21, 123456789.123456789]);
  }

  /** A string that breaks naive handling. */
  string(): string {
    return this.pick([
      'NaN',
      'Infinity',
      '-Infinity',
      '1e400',
      '0x1F',
      '',
      ' ',
      '\u0000',
      'nul\u0000inside',
      '\ud800',
      '\udfff\ud800',
      '\u202eevil\u202c',
      'zero\u200bwidth',
      'e\u0301\u0301\u0301\u0301',
      '😀🚌🇰🇷',
      '버스',
      '<script>alert(1)</script>',
      "'; DROP TABLE trips; --",
      '../../../../etc/passwd',
      '%00%ff',
      '${process.exit()}',
      '__proto__',
      'constructor',
      'x'.repeat(1000 + this.int(5000)),
      '\r\nSet-Cookie: a=b',
    ]);
  }

  /** Nested arrays or objects `depth` deep. */
  nested(depth: number): unknown {
    let v: unknown = this.chance(0.5) ? 1 : 'deep';
    for (let i = 0; i < depth; i++) v = this.chance(0.5) ? [v] : { a: v };
    return v;
  }

  /** An object that tries to pollute prototypes when merged naively. */
  pollution(): Record<string, unknown> {
    return this.pick([
      JSON.parse('{"__proto__": {"polluted": "yes", "autoAccept": true, "role": "operator"}}') as Record<string, unknown>,
      { constructor: { prototype: { polluted: 'yes' } } },
      { prototype: { polluted: 'yes' } },
      JSON.parse('{"__proto__": null}') as Record<string, unknown>,
      { toString: 'not a function', valueOf: 42, hasOwnProperty: 'x' },
    ]);
  }

  /** Any hostile value. */
  any(): unknown {
    switch (this.int(9)) {
      case 0:
        return this.number();
      case 1:
      case 2:
        return this.string();
      case 3:
        return this.pick([null, true, false, [], {}, [null], [1, 2, 3, 4, 5]]);
      case 4:
        return this.nested(2 + this.int(60));
      case 5:
        return this.pollution();
      case 6:
        return [this.number(), this.string()];
      case 7:
        return [this.number(), this.number()];
      default:
        return { type: this.string(), coordinates: this.any() };
    }
  }

  /** A valid body with one thing wrong: a field replaced or removed, an extra key, or the whole shape. */
  mutate(valid: Record<string, unknown>): unknown {
    const keys = Object.keys(valid);
    const copy: Record<string, unknown> = { ...valid };
    switch (this.int(6)) {
      case 0:
        if (keys.length > 0) copy[this.pick(keys)] = this.any();
        return copy;
      case 1:
        if (keys.length > 0) delete copy[this.pick(keys)];
        return copy;
      case 2:
        return { ...copy, ...this.pollution() };
      case 3:
        copy[this.pick(['extra', '__proto__', 'constructor', 'role', 'riderId', '', '😀'])] = this.any();
        return copy;
      case 4:
        return this.pick([[copy], copy && null, 'string body', 42, true, this.nested(100)]);
      default:
        for (const k of keys) if (this.chance(0.5)) copy[k] = this.any();
        return copy;
    }
  }

  /** JSON text of `value`, sometimes broken on purpose: cut short, with literals JSON does not have, or keys twice. */
  text(value: unknown): string {
    const json = JSON.stringify(value) ?? 'null';
    switch (this.int(10)) {
      case 0:
        return json.slice(0, this.int(Math.max(1, json.length)));
      case 1:
        return json.replace(/\d+(\.\d+)?/, this.pick(['NaN', 'Infinity', '-Infinity', '1e999', '-1e999', '00012', '+1', '.5', '1.', '0x10']));
      case 2:
        return json.startsWith('{') ? `{"passengers":1,"passengers":"two",${json.slice(1)}` : json;
      case 3:
        return `${'['.repeat(2000 + this.int(8000))}${']'.repeat(this.chance(0.5) ? 10000 : 10)}`;
      case 4:
        return json + this.pick(['}', ']', ',', 'garbage', '\u0000', '\n\n{"second":1}']);
      default:
        return json;
    }
  }
}
