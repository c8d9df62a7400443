import { LookupCache } from '../../src/lib/lookup-cache';

describe('lookup cache', () => {
  it('looks a forgotten key up again at once', async () => {
    const cache = new LookupCache<string>(60_000);
    let lookups = 0;
    await cache.answer('s', async () => (lookups++, 'live'));
    cache.forget('s');
    await expect(cache.answer('s', async () => (lookups++, 'ended'))).resolves.toBe('ended');
    expect(lookups).toBe(2);
  });

  it('does not keep a lookup that was running when its key was forgotten', async () => {
    const cache = new LookupCache<string>(60_000);
    let release!: () => void;
    const running = cache.answer('s', () => new Promise((r) => (release = () => r('live'))));
    cache.forget('s');
    release();
    await expect(running).resolves.toBe('live');
    await expect(cache.answer('s', async () => 'ended')).resolves.toBe('ended');
  });

  it('drops everything past its size bound', async () => {
    const cache = new LookupCache<number>(60_000, 2);
    for (const key of ['a', 'b', 'c', 'd']) await cache.answer(key, async () => 1);
    await expect(cache.answer('a', async () => 2)).resolves.toBe(2);
  });
});
