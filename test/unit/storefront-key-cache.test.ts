import { StorefrontKeyCache } from '../../src/modules/storefronts/service';

describe('storefront key cache', () => {
  it('shares one lookup between requests that arrive together, and keeps the answer for the TTL', async () => {
    const cache = new StorefrontKeyCache(60_000);
    let lookups = 0;
    const lookup = async () => {
      lookups++;
      await new Promise((r) => setTimeout(r, 10));
      return null;
    };
    await Promise.all(Array.from({ length: 20 }, () => cache.answer('pk_x', lookup)));
    await cache.answer('pk_x', lookup);
    expect(lookups).toBe(1);
  });

  it('does not keep a failed lookup', async () => {
    const cache = new StorefrontKeyCache(60_000);
    await expect(cache.answer('pk_x', () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    await expect(cache.answer('pk_x', async () => 'disabled')).resolves.toBe('disabled');
  });

  it('looks again after the TTL', async () => {
    const cache = new StorefrontKeyCache(0);
    let lookups = 0;
    await cache.answer('pk_x', async () => (lookups++, null));
    await new Promise((r) => setTimeout(r, 5));
    await cache.answer('pk_x', async () => (lookups++, null));
    expect(lookups).toBe(2);
  });
});
