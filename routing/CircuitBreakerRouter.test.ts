import { CircuitBreakerRouter } from './CircuitBreakerRouter';
import { RoutingError } from './errors';
import type { LngLat, NearestResult, Router } from './Router';

const HOME: LngLat = [127.1093, 37.5128];

/** A backend that answers, fails as unavailable, or has no road, as the test says. */
class ScriptedRouter implements Router {
  readonly name = 'scripted';
  mode: 'up' | 'down' | 'no-road' = 'up';
  calls = 0;
  async nearest(point: LngLat): Promise<NearestResult> {
    this.calls++;
    if (this.mode === 'down') throw new RoutingError('RoutingUnavailable', 'OSRM at http://127.0.0.1:1 is unreachable (ECONNREFUSED)');
    if (this.mode === 'no-road') throw new RoutingError('NoSegment', 'no road near the point');
    return { location: point, distanceM: 0, name: '' };
  }
  route(): never {
    throw new Error('not used');
  }
  table(): never {
    throw new Error('not used');
  }
  async close(): Promise<void> {}
}

function breaker() {
  let now = 0;
  const inner = new ScriptedRouter();
  const changes: string[] = [];
  const router = new CircuitBreakerRouter(inner, { openMs: 5000 }, () => now, (health) => changes.push(health));
  return { inner, router, changes, advance: (ms: number) => (now += ms) };
}

const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: RoutingError) => e.code);

describe('a router behind a circuit breaker', () => {
  test('a router that answers is passed through untouched', async () => {
    const { inner, router } = breaker();
    expect(await code(router.nearest(HOME))).toBe('ok');
    expect(inner.calls).toBe(1);
    expect(router.health).toBe('up');
  });

  test('after the backend is unavailable, calls fail at once without asking it, until the open time passes', async () => {
    const { inner, router, changes, advance } = breaker();
    inner.mode = 'down';
    expect(await code(router.nearest(HOME))).toBe('RoutingUnavailable');
    expect(router.health).toBe('down');
    for (let i = 0; i < 10; i++) expect(await code(router.nearest(HOME))).toBe('RoutingUnavailable');
    expect(inner.calls).toBe(1);
    expect(router.refused).toBe(10);
    advance(5001);
    expect(await code(router.nearest(HOME))).toBe('RoutingUnavailable'); // the probe: still down
    expect(inner.calls).toBe(2);
    expect(changes).toEqual(['down']);
  });

  test('a probe that succeeds closes the breaker again', async () => {
    const { inner, router, changes, advance } = breaker();
    inner.mode = 'down';
    await code(router.nearest(HOME));
    inner.mode = 'up';
    expect(await code(router.nearest(HOME))).toBe('RoutingUnavailable');
    advance(5001);
    expect(await code(router.nearest(HOME))).toBe('ok');
    expect(router.health).toBe('up');
    expect(changes).toEqual(['down', 'up']);
  });

  test('a probe answered with NoSegment means the backend is back: the answer passes and the breaker closes', async () => {
    const { inner, router, advance } = breaker();
    inner.mode = 'down';
    await code(router.nearest(HOME));
    advance(5001);
    inner.mode = 'no-road';
    expect(await code(router.nearest(HOME))).toBe('NoSegment');
    expect(router.health).toBe('up');
  });
});
