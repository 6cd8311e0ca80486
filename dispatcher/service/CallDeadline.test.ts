import { ApiError } from '../errors/ApiError';
import { ChangeFeed } from '../realtime/ChangeFeed';
import { callDeadline } from './CallDeadline';
import { CommitGate } from './CommitGate';

/** An owner's queue outlasted the forwarder's patience: the change is not made, and the forwarder hears why. */
describe('a forwarded change that queued past its deadline', () => {
  const gate = new CommitGate(async () => {}, new ChangeFeed(), () => {});
  const busy = (ms: number) => gate.locked(() => new Promise<void>((r) => setTimeout(r, ms)));

  test('is refused with a retryable ZoneUnavailable once it reaches the commit lock, and its work never runs', async () => {
    let ran = false;
    const holding = busy(80);
    const late = callDeadline.run(performance.now() + 20, () => gate.locked(async () => void (ran = true)));
    await expect(late).rejects.toMatchObject({ code: 'ZoneUnavailable', retryAfterS: 1 });
    await expect(late).rejects.toBeInstanceOf(ApiError);
    await holding;
    expect(ran).toBe(false);
  });

  test('is made when the lock comes in time, and a call with no deadline (a local request) always is', async () => {
    const holding = busy(20);
    const inTime = callDeadline.run(performance.now() + 5000, () => gate.locked(async () => 'decided'));
    const local = gate.locked(async () => 'decided too');
    await holding;
    expect(await inTime).toBe('decided');
    expect(await local).toBe('decided too');
  });
});
