import { parse } from 'graphql';
import { sharingKey } from '../../src/server/shared-subscription-results';

describe('answers shared by subscribers', () => {
  const live = 'subscription($id: ID!) { liveSessionEvents(sessionId: $id) { seq type } }';

  it('are shared by subscribers of the same live-events document and variables only', () => {
    const a = sharingKey(parse(live), live, { id: 's1' });
    expect(a).not.toBeNull();
    expect(sharingKey(parse(live), live, { id: 's1' })).toBe(a);
    expect(sharingKey(parse(live), live, { id: 's2' })).not.toBe(a);
    expect(sharingKey(parse(live), live, { id: 's1', after: 3 })).not.toBe(a);
  });

  it('are worked out per subscriber for any other subscription, and for documents of several root fields', () => {
    const group = 'subscription($t: String!) { groupBuySession(shareToken: $t) { id } }';
    expect(sharingKey(parse(group), group, { t: 'x' })).toBeNull();
    const two = 'subscription($id: ID!) { a: liveSessionEvents(sessionId: $id) { seq } b: liveSessionEvents(sessionId: $id) { type } }';
    expect(sharingKey(parse(two), two, { id: 's1' })).toBeNull();
    expect(sharingKey(parse('query { __typename }'), 'query { __typename }', {})).toBeNull();
  });
});
