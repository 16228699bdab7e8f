/**
 * The renewal guard: the installed token's expiry beside the picked file's,
 * and, when the new one expires sooner (9 days against 364 is almost always
 * the wrong file), a tick the admin must give before Upload is possible.
 */
import { formatDate, formatDaysLeft, plural } from '../lib/format';
import { daysBetween } from '../lib/token-expiry';

interface Props {
  currentExpiresAt: string;
  currentDaysLeft: number | null;
  newExpiresAt: string | null;
  sooner: boolean;
  confirmed: boolean;
  onConfirm: (confirmed: boolean) => void;
}

export function RenewalGuard({ currentExpiresAt, currentDaysLeft, newExpiresAt, sooner, confirmed, onConfirm }: Props) {
  const newDaysLeft = newExpiresAt ? daysBetween(new Date().toISOString(), newExpiresAt) : null;
  const shorter = newExpiresAt ? daysBetween(newExpiresAt, currentExpiresAt) : null;
  return (
    <div className="renewal-guard" data-testid="renewal-guard">
      <dl className="renewal-compare">
        <div className="renewal-side">
          <dt>Installed token expires</dt>
          <dd className="renewal-date">{formatDate(currentExpiresAt)}</dd>
          <dd className="renewal-days">{formatDaysLeft(currentDaysLeft)}</dd>
        </div>
        <div className={`renewal-side${sooner ? ' is-sooner' : ''}`}>
          <dt>New token expires</dt>
          <dd className="renewal-date">{newExpiresAt ? formatDate(newExpiresAt) : 'Checked on upload'}</dd>
          <dd className="renewal-days">{newDaysLeft === null ? '' : formatDaysLeft(newDaysLeft)}</dd>
        </div>
      </dl>
      {sooner ? (
        <label className={`warning-check is-danger${confirmed ? ' is-checked' : ''}`}>
          <input type="checkbox" checked={confirmed} onChange={(e) => onConfirm(e.target.checked)} />
          <span>
            <strong>This token expires sooner than the one installed</strong>
            {shorter !== null && shorter > 0 ? ` (${plural(shorter, 'day', 'days')} sooner)` : ''}. It is probably an
            older download. Replace the installed token anyway.
          </span>
        </label>
      ) : null}
    </div>
  );
}
