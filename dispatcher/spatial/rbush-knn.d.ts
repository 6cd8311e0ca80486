// rbush-knn ships no types: the one function the vehicle index calls.
declare module 'rbush-knn' {
  import type RBush from 'rbush';
  /** The `n` items nearest to (x, y), nearest first, none farther than `maxDistance` (0 or omitted: no limit). */
  export default function knn<T>(tree: RBush<T>, x: number, y: number, n?: number, predicate?: (item: T) => boolean, maxDistance?: number): T[];
}
