import { MessageChannel } from 'node:worker_threads';
import { MAX_FRAMES_PER_POST, ThreadChannel } from './thread-channel';

interface Asks {
  readonly requests: {
    readonly double: { readonly payload: number; readonly result: number };
    readonly fail: { readonly payload: string; readonly result: never };
  };
  readonly notices: { readonly ping: { readonly n: number } };
}

interface Nothing {
  readonly requests: Record<never, never>;
  readonly notices: Record<never, never>;
}

class Refused extends Error {
  readonly code = 'REFUSED';
}

/** Two ends over a real MessageChannel, as between two threads. */
function pair(options: ConstructorParameters<typeof ThreadChannel>[1] = {}) {
  const { port1, port2 } = new MessageChannel();
  const asking = new ThreadChannel<Asks, Nothing>(port1, options);
  const answering = new ThreadChannel<Nothing, Asks>(port2);
  return { asking, answering, close: () => (port1.close(), port2.close()) };
}

describe('thread channel', () => {
  it('matches each answer to its request, whatever the order they complete in', async () => {
    const { asking, answering, close } = pair();
    answering.answer({
      double: (n) => new Promise((resolve) => setTimeout(() => resolve(n * 2), 30 - n)),
      fail: (reason) => Promise.reject(new Error(reason)),
    });
    await expect(Promise.all([1, 2, 3, 10].map((n) => asking.request('double', n)))).resolves.toEqual([2, 4, 6, 20]);
    close();
  });

  it('rejects with the error the other side threw, its domain code kept', async () => {
    const { asking, answering, close } = pair();
    answering.answer({
      double: () => {
        throw Object.assign(new Error('no'), { code: 'STORE_UNAVAILABLE' });
      },
      fail: (reason) => Promise.reject(new Error(reason)),
    });
    await expect(asking.request('double', 1)).rejects.toMatchObject({ message: 'no', code: 'STORE_UNAVAILABLE' });
    await expect(asking.request('fail', 'because')).rejects.toMatchObject({ message: 'because' });
    close();
  });

  it('keeps requests that arrive before their handler, and answers them once it is registered', async () => {
    const { asking, answering, close } = pair();
    const early = asking.request('double', 21);
    await new Promise((resolve) => setTimeout(resolve, 20));
    answering.answer({ double: (n) => n * 2, fail: () => Promise.reject(new Error('x')) });
    await expect(early).resolves.toBe(42);
    close();
  });

  it('delivers notices to every listener', async () => {
    const { asking, answering, close } = pair();
    const heard: number[] = [];
    const both = new Promise<void>((resolve) => {
      answering.on('ping', ({ n }) => heard.push(n));
      answering.on('ping', ({ n }) => (heard.push(n * 10), resolve()));
    });
    asking.notify('ping', { n: 4 });
    await both;
    expect(heard).toEqual([4, 40]);
    close();
  });

  it('refuses a request at once beyond its queue, with the error its owner chose', async () => {
    const { asking, close } = pair({ maxPending: 2, unavailable: (reason) => new Refused(reason) });
    const waiting = [asking.request('double', 1), asking.request('double', 2)];
    for (const request of waiting) request.catch(() => undefined);
    await expect(asking.request('double', 3)).rejects.toMatchObject({ code: 'REFUSED', message: expect.stringContaining('behind') });
    expect(asking.waiting).toBe(2);
    // The supervisor's stop still gets through.
    const stop = asking.request('double', 4, { control: true });
    stop.catch(() => undefined);
    expect(asking.waiting).toBe(3);
    asking.close('the thread died');
    await expect(waiting[0]).rejects.toBeInstanceOf(Refused);
    await expect(stop).rejects.toBeInstanceOf(Refused);
    expect(asking.waiting).toBe(0);
    close();
  });

  it('fails what waits as soon as the other end closes (its thread died)', async () => {
    const { asking, answering } = pair();
    const waiting = asking.request('double', 1);
    answering.close('dead');
    await expect(waiting).rejects.toMatchObject({ code: 'THREAD_UNAVAILABLE', message: expect.stringContaining('closed') });
  });

  it('does not keep a request that could not be sent', async () => {
    const { asking, close } = pair();
    await expect(asking.request('double', (() => 1) as unknown as number)).rejects.toThrow();
    expect(asking.waiting).toBe(0);
    close();
  });

  it('fails what waits and refuses what comes once closed', async () => {
    const { asking, close } = pair();
    const waiting = asking.request('double', 1);
    asking.close('gone');
    await expect(waiting).rejects.toMatchObject({ message: 'gone', code: 'THREAD_UNAVAILABLE' });
    await expect(asking.request('double', 2)).rejects.toMatchObject({ message: 'gone' });
    close();
  });

  it('sends the frames of one loop turn in one postMessage, each answered on its own', async () => {
    const { port1, port2 } = new MessageChannel();
    const posted = jest.spyOn(port1, 'postMessage');
    const asking = new ThreadChannel<Asks, Nothing>(port1);
    const answering = new ThreadChannel<Nothing, Asks>(port2);
    answering.answer({ double: async (n) => n * 2, fail: async (reason) => Promise.reject(new Refused(reason)) });
    const answers = Promise.allSettled([asking.request('double', 1), asking.request('fail', 'no'), asking.request('double', 3)]);
    await expect(answers).resolves.toEqual([
      { status: 'fulfilled', value: 2 },
      { status: 'rejected', reason: expect.objectContaining({ code: 'REFUSED' }) },
      { status: 'fulfilled', value: 6 },
    ]);
    expect(posted).toHaveBeenCalledTimes(1);
    port1.close();
    port2.close();
  });

  it(`crosses a turn's frames ${MAX_FRAMES_PER_POST} at a time, so the other thread starts on the first ones`, async () => {
    const { port1, port2 } = new MessageChannel();
    const posted = jest.spyOn(port1, 'postMessage');
    const asking = new ThreadChannel<Asks, Nothing>(port1);
    const answering = new ThreadChannel<Nothing, Asks>(port2);
    answering.answer({ double: async (n) => n * 2, fail: async (reason) => Promise.reject(new Refused(reason)) });
    const count = MAX_FRAMES_PER_POST * 2 + 1;
    const answers = Promise.all(Array.from({ length: count }, (_, n) => asking.request('double', n)));
    // The first two batches leave at once, in the turn that posts them; the last frame at the turn's end.
    expect(posted).toHaveBeenCalledTimes(2);
    await expect(answers).resolves.toEqual(Array.from({ length: count }, (_, n) => n * 2));
    expect(posted.mock.calls.map(([message]) => (Array.isArray(message) ? message.length : 1))).toEqual([
      MAX_FRAMES_PER_POST,
      MAX_FRAMES_PER_POST,
      1,
    ]);
    port1.close();
    port2.close();
  });

  it.each<[string, unknown]>([
    ['a request whose payload cannot be cloned', () => 1],
    ['an answer that cannot be cloned', 'uncloneable answer'],
  ])('fails only %s among the frames sent with it', async (_name, payload) => {
    const { asking, answering, close } = pair();
    answering.answer({
      double: async (n) => (n === ('uncloneable answer' as unknown as number) ? ((() => 0) as unknown as number) : n * 2),
    });
    const answers = await Promise.allSettled([
      asking.request('double', 1),
      asking.request('double', payload as number),
      asking.request('double', 4),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(answers[0]).toEqual({ status: 'fulfilled', value: 2 });
    expect(answers[2]).toEqual({ status: 'fulfilled', value: 8 });
    expect(asking.waiting).toBe(0);
    close();
  });
});
