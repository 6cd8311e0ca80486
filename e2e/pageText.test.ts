import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { enText } from '../web/shared/i18n/en';
import { ko } from '../web/shared/i18n/ko';

/**
 * The pages' static labels name dictionary keys in their HTML (data-i18n="…"), where the compiler cannot
 * see them: every such key must exist. The TypeScript side is checked by the compiler (Dictionary).
 */
const ROOT = join(__dirname, '..');
/** Each page's folder (as web/build.mjs lists them), with the HTML it serves. */
const PAGE_FOLDERS = ['web/home', 'rider-web', 'driver-console', 'planner-dashboard', 'operator-console'];

describe('page labels', () => {
  const pages = PAGE_FOLDERS.flatMap((folder) => readdirSync(join(ROOT, folder)).filter((f) => f.endsWith('.html')).map((f) => join(folder, f)));

  test('every page folder has its HTML', () => expect(pages).toHaveLength(PAGE_FOLDERS.length));

  test.each(pages)('every data-i18n key in %s is in both dictionaries', (file) => {
    const html = readFileSync(join(ROOT, file), 'utf8');
    const keys = [...html.matchAll(/data-i18n(?:-[a-z-]+)?="([^"]+)"/g)].map((m) => m[1]);
    expect(keys.length).toBeGreaterThan(0);
    const missing = keys.filter((k) => !(k in enText) || !(k in ko.text));
    expect(missing).toEqual([]);
  });

  test('every sentence with a {value} in English has the same values in Korean', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const differ = Object.entries(enText).filter(([key, en]) => names(en).join() !== names(ko.text[key as keyof typeof enText]).join());
    expect(differ).toEqual([]);
  });
});
