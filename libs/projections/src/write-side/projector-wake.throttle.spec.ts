import { throttleWake } from './projector-wake.throttle';

describe('throttleWake', () => {
  let clock = 0;
  let wakes: number[];
  let wake: () => void;

  beforeEach(() => {
    jest.useFakeTimers();
    clock = 0;
    wakes = [];
    wake = throttleWake(
      () => wakes.push(clock),
      20,
      () => clock,
    );
  });
  afterEach(() => jest.useRealTimers());

  const advance = (milliseconds: number) => {
    clock += milliseconds;
    jest.advanceTimersByTime(milliseconds);
  };

  it('wakes at once after a quiet spell', () => {
    wake();
    expect(wakes).toEqual([0]);
    advance(25);
    wake();
    expect(wakes).toEqual([0, 25]);
  });

  it('folds the calls within the window into one wake at its end', () => {
    wake();
    advance(5);
    wake();
    advance(5);
    wake();
    expect(wakes).toEqual([0]);
    advance(10);
    expect(wakes).toEqual([0, 20]);
    advance(100);
    expect(wakes).toEqual([0, 20]);
  });

  it('counts the next window from the trailing wake', () => {
    wake();
    advance(1);
    wake();
    advance(19);
    expect(wakes).toEqual([0, 20]);
    advance(1);
    wake();
    expect(wakes).toEqual([0, 20]);
    advance(19);
    expect(wakes).toEqual([0, 20, 40]);
  });
});
