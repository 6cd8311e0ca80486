import { VerifiedTokenCache } from './VerifiedTokenCache';

const entry = (subject: string) => ({ principal: { role: 'rider', subject } as const, expiresAtS: 100 });

test('holds at most its capacity, dropping the least recently used token first', () => {
  const cache = new VerifiedTokenCache(2);
  cache.set('a', entry('a'));
  cache.set('b', entry('b'));
  expect(cache.get('a')).toEqual(entry('a')); // a is now the most recent
  cache.set('c', entry('c'));
  expect(cache.size).toBe(2);
  expect(cache.get('b')).toBeUndefined();
  expect(cache.get('a')).toEqual(entry('a'));
  expect(cache.get('c')).toEqual(entry('c'));
});
