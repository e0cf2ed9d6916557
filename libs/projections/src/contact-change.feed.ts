import type { ContactChanges } from '@app/history';

interface Listener {
  readonly next: (changes: ContactChanges) => void;
  readonly end: () => void;
}

/**
 * The projection's committed contact changes, for live views on this process (the desktop's server-sent
 * events). Only the process whose projector commits hears them: with several servers on one PostgreSQL
 * database the others' views refetch on their own schedule. The projector computes changes only while
 * someone listens (`onListening`), so a server nobody watches pays nothing for them.
 */
export class ContactChangeFeed {
  private readonly listeners = new Set<Listener>();
  private closed = false;
  private listeningChanged: (listening: boolean) => void = () => undefined;

  /** Calls `next` with each batch's changes until the returned function is called or the feed closes (`end`). */
  listen(next: Listener['next'], end: Listener['end']): () => void {
    if (this.closed) {
      end();
      return () => undefined;
    }
    const listener = { next, end };
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.listeningChanged(true);
    return () => {
      if (this.listeners.delete(listener) && this.listeners.size === 0) this.listeningChanged(false);
    };
  }

  get listening(): boolean {
    return this.listeners.size > 0;
  }

  /** Told when the first listener arrives and when the last one leaves. */
  onListening(callback: (listening: boolean) => void): void {
    this.listeningChanged = callback;
  }

  publish(changes: ContactChanges): void {
    // A listener that throws must not cost the others their update.
    for (const listener of [...this.listeners])
      try {
        listener.next(changes);
      } catch {
        // Its own view's problem; the feed goes on.
      }
  }

  /** Ends every listener (the server stops: open streams must not hold its shutdown) and refuses new ones. */
  close(): void {
    this.closed = true;
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const listener of listeners) listener.end();
  }
}
