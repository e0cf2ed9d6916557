import type { ContactChanges } from '@app/history';
import { ContactChangeFeed } from './contact-change.feed';

const batch: ContactChanges = { changes: [], overflow: {} };

describe('ContactChangeFeed', () => {
  it('tells each listener every batch until it leaves, and says when the first arrives and the last leaves', () => {
    const feed = new ContactChangeFeed();
    const listening: boolean[] = [];
    feed.onListening((value) => listening.push(value));
    const first: ContactChanges[] = [];
    const second: ContactChanges[] = [];
    const leaveFirst = feed.listen(
      (changes) => first.push(changes),
      () => undefined,
    );
    const leaveSecond = feed.listen(
      (changes) => second.push(changes),
      () => undefined,
    );
    feed.publish(batch);
    leaveFirst();
    leaveFirst();
    feed.publish(batch);
    leaveSecond();
    expect([first.length, second.length]).toEqual([1, 2]);
    expect(listening).toEqual([true, false]);
    expect(feed.listening).toBe(false);
  });

  it('goes on when a listener throws', () => {
    const feed = new ContactChangeFeed();
    const received: ContactChanges[] = [];
    feed.listen(
      () => {
        throw new Error('a broken view');
      },
      () => undefined,
    );
    feed.listen(
      (changes) => received.push(changes),
      () => undefined,
    );
    feed.publish(batch);
    expect(received).toEqual([batch]);
  });

  it('ends every listener when it closes, and any that comes later at once', () => {
    const feed = new ContactChangeFeed();
    const ended: string[] = [];
    feed.listen(
      () => undefined,
      () => ended.push('open'),
    );
    feed.close();
    feed.listen(
      () => undefined,
      () => ended.push('late'),
    );
    feed.publish(batch);
    expect(ended).toEqual(['open', 'late']);
    expect(feed.listening).toBe(false);
  });
});
