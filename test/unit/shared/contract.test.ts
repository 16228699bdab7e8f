// The contract's schemas are built when first used (shared/deferred.ts), and no process parses a result: a
// schema that cannot be built would only show the day something parses with it. Every one is built here.
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { CHANNELS, contract, EVENT_NAMES, events } from '../../../shared/contract';

/** Builds a schema and every schema inside it (a JSON Schema is made of all of them). */
const built = (schema: z.ZodType) => z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' });

describe('contract', () => {
  it.each(CHANNELS)('%s: its request and result schemas build', (channel) => {
    expect(built(contract[channel].request)).toBeTypeOf('object');
    expect(built(contract[channel].result)).toBeTypeOf('object');
  });

  it.each(EVENT_NAMES)('event %s: its payload schema builds', (name) => {
    expect(built(events[name])).toBeTypeOf('object');
  });

  it('checks a request as it did when built eagerly: defaults filled in, extensions of the page request kept', () => {
    expect(contract['apps:query'].request.parse({})).toEqual({
      offset: 0,
      limit: 500,
      search: '',
      sortDir: 'asc',
      lowStockOnly: false,
    });
    const bad = contract['deployments:query'].request.safeParse({ state: 'nope', limit: 0 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['limit', 'state']);
    const exported = contract['export:csv'].request.parse({ what: 'deployments', query: { state: 'failed' } });
    expect(exported.query).toMatchObject({ state: 'failed', offset: 0 });
    const selection = Array.from({ length: 200_001 }, () => ({
      adamId: '1',
      pricingParam: 'STDQ' as const,
      clientUserId: 'u',
      serialNumber: null,
    }));
    expect(contract['reclaim:run'].request.safeParse({ selection }).success).toBe(false);
  });
});
