// The associate ledger: every /assets/associate as Apple received it, per
// asset with the ids sent, availableCount at that moment and the ids of
// earlier associate events still PENDING. Tests check from it that the app
// never asked for more licenses than were free, whatever the simulator then
// did with the request (it never over-assigns, so its counts cannot tell).
import type { SimEvent } from './events';
import type { AssociateRecord, PricingParam } from './types';

interface Open {
  event: SimEvent;
  key: string;
  ids: number;
}

export class AssociateLedger {
  readonly records: AssociateRecord[] = [];
  private readonly open: Open[] = [];

  record(
    event: SimEvent,
    assets: Array<{ adamId: string; pricingParam: PricingParam; availableCount: number }>,
    clientUserIds: readonly string[],
    serialNumbers: readonly string[],
    at: number,
  ): void {
    // Events that finished no longer hold anything back.
    for (let i = this.open.length - 1; i >= 0; i--)
      if ((this.open[i] as Open).event.eventStatus !== 'PENDING') this.open.splice(i, 1);
    const ids = clientUserIds.length + serialNumbers.length;
    this.records.push({
      eventId: event.eventId,
      at,
      assets: assets.map((a) => {
        const key = `${a.adamId}|${a.pricingParam}`;
        const inFlight = this.open.filter((o) => o.key === key).reduce((n, o) => n + o.ids, 0);
        return { ...a, clientUserIds: [...clientUserIds], serialNumbers: [...serialNumbers], inFlight };
      }),
    });
    for (const a of assets) this.open.push({ event, key: `${a.adamId}|${a.pricingParam}`, ids });
  }
}
