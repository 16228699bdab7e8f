/**
 * The second, separate confirmation before taking a token over from another
 * product: the admin must name what will happen by ticking it, then press a
 * differently worded, danger-styled button.
 */
import { useState } from 'react';
import { Button } from '../components/button';

/** Core names the other product in quotes: 'used by another product ("Jamf Pro")'. */
function productName(message: string): string {
  return /"([^"]+)"/.exec(message)?.[1] ?? 'the other product';
}

export function TakeoverPanel({
  message,
  busy,
  onCancel,
  onTakeover,
}: {
  message: string;
  busy: boolean;
  onCancel: () => void;
  onTakeover: () => void;
}) {
  const product = productName(message);
  const [sure, setSure] = useState(false);
  return (
    <section className="takeover" aria-labelledby="takeover-title" data-testid="takeover">
      <h3 id="takeover-title" className="takeover-title">
        Take this token over from {product}?
      </h3>
      <p>
        The safer choice is a new token for VPP Desk. Taking over moves management of these licenses from {product} to
        VPP Desk: {product} will stop being able to assign or reclaim them through this token.
      </p>
      <label className="warning-check is-danger">
        <input type="checkbox" checked={sure} onChange={(e) => setSure(e.target.checked)} />
        <span>
          I understand. {product} will stop managing these licenses, and I want VPP Desk to take this token over.
        </span>
      </label>
      <div className="takeover-actions">
        <Button onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
        <Button variant="danger" disabled={!sure} busy={busy} onClick={onTakeover}>
          Take over from {product}
        </Button>
      </div>
    </section>
  );
}
