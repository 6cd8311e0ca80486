/** Who this device rides as: an id kept on the device until accounts land with the security issue. */
const ID_KEY = 'anystop.riderId';
const NAME_KEY = 'anystop.riderName';
const TRIP_KEY = 'anystop.currentTrip';

export function riderId(): string {
  let id = localStorage.getItem(ID_KEY);
  if (!id) {
    id = `rider-${randomKey().slice(0, 12)}`;
    localStorage.setItem(ID_KEY, id);
  }
  return id;
}

export const riderName = {
  get: (): string => localStorage.getItem(NAME_KEY) ?? '',
  set: (name: string): void => localStorage.setItem(NAME_KEY, name),
};

/** The trip this device follows, so a reload picks it up again. */
export const currentTripId = {
  get: (): string | null => localStorage.getItem(TRIP_KEY),
  set: (id: string | null): void => (id ? localStorage.setItem(TRIP_KEY, id) : localStorage.removeItem(TRIP_KEY)),
};

/** A random key for Idempotency-Key (crypto.randomUUID needs a secure context; a phone on the LAN may not have one). */
export function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
