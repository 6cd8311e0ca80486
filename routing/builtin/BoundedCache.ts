/**
 * A Map bounded by the total size of its values, oldest entry first out (a hit does not reorder: re-inserting into a
 * Map on every hit cost more than the searches it saved). The router keeps what it derived
 * from a point (its snap, its CH search spaces) here: the same stops and depots come back in every table a
 * dispatcher asks for, so each is derived once, not once per table.
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();
  private used = 0;
  /**
   * Walks the keys oldest first as they leave. A fresh `keys()` per eviction would step over every entry deleted
   * since the Map last compacted (V8 keeps them as holes): with a full cache taking a new key per GPS fix that was
   * ~25 µs an eviction at 50,000 entries. A live iterator continues past the keys already deleted, so it stands at the
   * oldest entry there is (a key set again moved to the end, behind it).
   */
  private oldest: IterableIterator<K> | undefined;

  /** `capacity` in the units `sizeOf` measures (default: one per entry). */
  constructor(
    private readonly capacity: number,
    private readonly sizeOf: (value: V) => number = () => 1,
  ) {
    if (!(capacity > 0)) throw new RangeError(`BoundedCache capacity must be positive, got ${capacity}`);
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  set(key: K, value: V): void {
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.used -= this.sizeOf(old);
      this.entries.delete(key);
    }
    this.entries.set(key, value);
    this.used += this.sizeOf(value);
    while (this.used > this.capacity && this.entries.size > 1) {
      this.oldest ??= this.entries.keys();
      let oldest = this.oldest.next();
      if (oldest.done) {
        // the walk had reached the newest key: start again from the front
        this.oldest = this.entries.keys();
        oldest = this.oldest.next();
        if (oldest.done) break;
      }
      this.used -= this.sizeOf(this.entries.get(oldest.value)!);
      this.entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** The summed size of the values held. */
  get weight(): number {
    return this.used;
  }
}
