import type { Pool, PoolClient } from 'pg';
import { commitTransaction, discardStagedEvents } from './appendEvents';

export type Isolation = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

export interface TransactionOptions {
  isolation?: Isolation;
  readOnly?: boolean;
}

/**
 * Runs `work` in one transaction on one pooled client: COMMIT when it resolves (with the events it appended: they are
 * written there, appendEvents), ROLLBACK when it throws (the error is rethrown as is). Inside `work`, query through
 * `client` only: the embedded database's pool has one connection, so a `pool.query` there would wait for this very
 * client.
 */
export async function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const mode = `ISOLATION LEVEL ${options.isolation ?? 'READ COMMITTED'}${options.readOnly ? ' READ ONLY' : ''}`;
    await client.query(`BEGIN ${mode}`);
    const result = await work(client);
    await commitTransaction(client);
    return result;
  } catch (e) {
    discardStagedEvents(client);
    // A client that cannot even roll back is not handed to the next caller.
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw e;
  } finally {
    client.release(broken);
  }
}
