import { describe, expect, it } from 'vitest';
import { onFirstUse } from '../src/lazy.js';

describe('onFirstUse', () => {
  it('loads once and gives concurrent and later callers the same module', async () => {
    let loads = 0;
    let release!: (value: { n: number }) => void;
    const load = onFirstUse(() => {
      loads++;
      return new Promise<{ n: number }>((resolve) => (release = resolve));
    });
    const first = load();
    const second = load(); // arrives while the first load is in flight
    expect(loads).toBe(1);
    release({ n: 7 });
    const [a, b] = await Promise.all([first, second]);
    expect(a).toBe(b);
    expect(a.n).toBe(7);
    expect(await load()).toBe(a);
    expect(loads).toBe(1);
  });

  it('does not keep a failed load: the next call loads again', async () => {
    let loads = 0;
    const load = onFirstUse(async () => {
      loads++;
      if (loads === 1) throw new Error('chunk read failed');
      return 'module';
    });
    const [a, b] = await Promise.allSettled([load(), load()]);
    expect(a).toMatchObject({ status: 'rejected', reason: { message: 'chunk read failed' } });
    expect(b).toMatchObject({ status: 'rejected', reason: { message: 'chunk read failed' } });
    expect(loads).toBe(1); // the two concurrent callers shared the failing load
    await expect(load()).resolves.toBe('module');
    await expect(load()).resolves.toBe('module');
    expect(loads).toBe(2);
  });
});
