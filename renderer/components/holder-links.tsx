/**
 * Small pieces every holders view repeats: a link that opens an app's
 * holders, and who assigned a license (VPP Desk or another tool).
 */
import { useHolderNav } from '../stores/holder-nav-store';
import { Pill } from './pill';
import type { PricingParam } from '../../shared/domain';

export function AppLink({
  app,
  className = 'link-btn',
}: {
  app: { adamId: string; pricingParam: PricingParam; name: string };
  className?: string;
}) {
  const openApp = useHolderNav((s) => s.openApp);
  return (
    <button
      type="button"
      className={className}
      onClick={() => openApp({ adamId: app.adamId, pricingParam: app.pricingParam, name: app.name })}
    >
      {app.name}
    </button>
  );
}

export function AssignedBy({ by }: { by: 'vpp-desk' | 'other' }) {
  return by === 'vpp-desk' ? <Pill tone="accent">VPP Desk</Pill> : <span className="muted">Another tool</span>;
}
