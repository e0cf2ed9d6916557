import { CommandError } from '../commands/output';
import { couldNotStart } from './start-failure';

describe('couldNotStart', () => {
  it('is one line naming the command and the cause, and keeps the error as its cause', () => {
    const cause = new Error('cannot open PostgreSQL store:\n  connect ECONNREFUSED 127.0.0.1:1');
    const error = couldNotStart('serve', cause, 'postgres://hindsight@127.0.0.1:1/hindsight');

    expect(error).toBeInstanceOf(CommandError);
    expect(error.message).toBe('serve could not start: cannot open PostgreSQL store: connect ECONNREFUSED 127.0.0.1:1');
    expect(error.cause).toBe(cause);
  });

  it.each([
    ['as written', 'postgres://app:p%40ss@db/h', 'p%40ss'],
    ['decoded', 'postgres://app:p%40ss@db/h', 'p@ss'],
  ])('never repeats the store password (%s) that a driver quoted', (_name, storeUrl, quoted) => {
    const error = couldNotStart('consume', new Error(`login failed with ${quoted} for app`), storeUrl);

    expect(error.message).toBe('consume could not start: login failed with *** for app');
  });

  it('leaves a message alone when the store has no password', () => {
    expect(couldNotStart('serve', new Error('EADDRINUSE'), 'sqlite:./data/hindsight.db').message).toBe('serve could not start: EADDRINUSE');
  });
});
