/**
 * A Map bounded by the total size of its values, oldest entry first out (a hit does not reorder: re-inserting into a
 * Map on every hit cost more than the searches it saved). The router keeps what it derived
 * from a point (its snap, its CH search spaces) here: the same stops and depots come back in every table a
 * dispatcher asks for, so each is derived once, not once per table.
 *
 * With `secondChance`, an entry hit since it was last moved is not dropped when its turn comes: it goes to the newest
 * end once, unmarked (CLOCK). A hit then costs one Set insertion, and points seen once (a GPS fix's) flow through
 * without pushing out the stops and depots asked for again and again.
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();
  /** Keys hit since they were inserted or last given their second chance (secondChance only). */
  private readonly hits: Set<K> | null;
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
    secondChance = false,
  ) {
    if (!(capacity > 0)) throw new RangeError(`BoundedCache capacity must be positive, got ${capacity}`);
    this.hits = secondChance ? new Set<K>() : null;
  }

  /** Whether the key is kept, without counting as a hit. */
  has(key: K): boolean {
    return this.entries.has(key);
  }

  get(key: K): V | undefined {
    const v = this.entries.get(key);
    if (v !== undefined && this.hits) this.hits.add(key);
    return v;
  }

  set(key: K, value: V): void {
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.used -= this.sizeOf(old);
      this.entries.delete(key);
      this.hits?.delete(key);
    }
    this.entries.set(key, value);
    this.used += this.sizeOf(value);
    // A hit entry is moved at most once (its mark is cleared) and the newest is moved past the others, so this ends
    // after at most one pass over all; the newest always stays.
    while (this.used > this.capacity && this.entries.size > 1) {
      this.oldest ??= this.entries.keys();
      let oldest = this.oldest.next();
      if (oldest.done) {
        // the walk had reached the newest key: start again from the front
        this.oldest = this.entries.keys();
        oldest = this.oldest.next();
        if (oldest.done) break;
      }
      const k = oldest.value;
      const v = this.entries.get(k)!;
      this.entries.delete(k);
      if (k === key || this.hits?.delete(k)) {
        this.entries.set(k, v); // behind the live iterator: met again after the others
        continue;
      }
      this.used -= this.sizeOf(v);
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
