import { isConnectionFailure, pgFailureKind } from './pgFailure';
import { PersistenceError, ScheduleConflict } from './PersistenceError';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('which database failures mean "unreachable"', () => {
  test.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a reset connection', withCode('ECONNRESET')],
    ['an administrator shutting the server down (57P01)', withCode('57P01', 'terminating connection due to administrator command')],
    ['a server still starting (57P03)', withCode('57P03', 'the database system is starting up')],
    ['a connection exception (08006)', withCode('08006')],
    ["pg's connection that ended under a query", new Error('Connection terminated unexpectedly')],
    ["pg's connect timeout", new Error('timeout exceeded when trying to connect')],
    ['a dual-stack connect refused twice', Object.assign(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]), { code: undefined })],
    ['the database failing to open', new PersistenceError('DatabaseUnavailable', 'cannot reach it')],
  ])('%s is a connection failure', (_, e) => {
    expect(pgFailureKind(e)).toBe('connection');
    expect(isConnectionFailure(e)).toBe(true);
  });

  test.each([
    ['a NUL character in text (22021)', withCode('22021')],
    ['a number out of range (22003)', withCode('22003')],
    ['a timestamp out of range (22008)', withCode('22008')],
  ])('%s is a refused value', (_, e) => expect(pgFailureKind(e)).toBe('data'));

  test.each([
    ['a unique violation', withCode('23505')],
    ['a schedule conflict', new ScheduleConflict('bus-1', 3, 4)],
    ['a plain bug', new TypeError('x is undefined')],
    ['nothing at all', undefined],
  ])('%s is neither', (_, e) => expect(pgFailureKind(e)).toBeNull());
});
