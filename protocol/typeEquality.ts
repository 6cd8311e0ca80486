/**
 * Compile-time proof that two types are the same: `const ok: SameType<A, B> = true` fails to compile otherwise.
 * The server's zod schemas use it to stay equal to the plain wire types in protocol/.
 */
export type SameType<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
