/** First run: what VPP Desk needs and the one button that gets it. */
import { Button } from '../components/button';
import { Icon } from '../components/icons';
import { useDialogStore } from '../stores/dialog-store';

export function Welcome() {
  const openUpload = useDialogStore((s) => s.openUpload);
  return (
    <div className="page welcome" data-testid="welcome">
      <div className="welcome-card card">
        <span className="welcome-icon">
          <Icon name="token" size={32} />
        </span>
        <h1 className="welcome-title">Connect your Apple volume purchases</h1>
        <p className="welcome-lead">
          Upload the VPP server token of your Apple Business Manager or Apple School Manager location. VPP Desk then
          imports your purchased apps, licenses and users, and keeps a copy you can review offline.
        </p>
        <ol className="welcome-steps">
          <li>
            <strong>Download the token.</strong> In Apple Business Manager, open Preferences › Payments and Billing and
            download the server token (a <code>.vpptoken</code> file) of your location.
          </li>
          <li>
            <strong>Upload it here.</strong> The token goes into this computer's keychain; only its expiry and location
            are shown.
          </li>
          <li>
            <strong>Sync.</strong> VPP Desk imports apps, licenses and users, then syncs twice a day.
          </li>
        </ol>
        <Button variant="primary" icon="upload" onClick={openUpload} className="welcome-cta">
          Upload token
        </Button>
      </div>
    </div>
  );
}
