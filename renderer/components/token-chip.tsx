/** The token's days left in the header, coloured by state and always worded. */
import { formatDate, formatDaysLeft } from '../lib/format';
import { TOKEN_STATE } from '../lib/labels';
import { useAppStore } from '../stores/app-store';
import { useNavStore } from '../stores/nav-store';

export function TokenChip() {
  const token = useAppStore((s) => s.token);
  const go = useNavStore((s) => s.go);
  if (!token) return null;
  const { tone } = TOKEN_STATE[token.state];
  let text: string;
  if (token.state === 'none') text = 'No token';
  else if (token.state === 'revoked' || token.state === 'invalid')
    text = `Token ${TOKEN_STATE[token.state].label.toLowerCase()}`;
  else if (token.state === 'expired') text = 'Token expired';
  else text = `Token: ${formatDaysLeft(token.daysLeft)}`;
  const title = token.expiresAt ? `VPP token expires ${formatDate(token.expiresAt)}` : 'No VPP token uploaded';
  return (
    <button
      type="button"
      className={`chip chip-${tone}`}
      title={title}
      onClick={() => go('token')}
      data-testid="token-chip"
    >
      <span className="pill-dot" aria-hidden="true" />
      {text}
    </button>
  );
}
