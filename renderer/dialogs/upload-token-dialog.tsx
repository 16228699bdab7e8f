/**
 * Upload or renew the VPP token. Upload stays disabled until the admin has
 * ticked the account-lock warning; refusals from core are shown inline with
 * core's own sentence. A token held by another product can be taken over,
 * but only after a second, separate confirmation.
 */
import { useState } from 'react';
import { api, codeOf, messageOf } from '../api';
import { Button } from '../components/button';
import { Dialog } from '../components/dialog';
import { FileDrop } from '../components/file-drop';
import { InlineError } from '../components/inline-error';
import { formatDate, formatDaysLeft } from '../lib/format';
import { readTokenExpiry } from '../lib/token-expiry';
import { useAppStore } from '../stores/app-store';
import { useNavStore } from '../stores/nav-store';
import { toast } from '../stores/toast-store';
import { RenewalGuard } from './renewal-guard';
import { TakeoverPanel } from './takeover-panel';
import type { TokenStatus } from '../../shared/domain';

/** Matches the contract's fileContent limit, so an oversized file is refused before it is sent. */
const MAX_TOKEN_BYTES = 64 * 1024;

export const ACCOUNT_LOCK_WARNING =
  "One Apple account per install. It cannot be changed later. Make sure more than one person knows this account's details.";

const TITLES: Record<string, string> = {
  TOKEN_MALFORMED: 'Not a VPP token.',
  TOKEN_EXPIRED: 'Token expired.',
  TOKEN_REVOKED: 'Token revoked.',
  TOKEN_INVALID: 'Token invalid.',
  TOKEN_IN_USE: 'Token in use by another product.',
  ACCOUNT_MISMATCH: 'Different Apple account.',
  TOKEN_EXPIRES_SOONER: 'Expires sooner than the installed token.',
  KEYCHAIN_UNAVAILABLE: 'Keychain unavailable.',
  APPLE_UNREACHABLE: 'Apple unreachable.',
};

interface Picked {
  name: string;
  content: string;
}

export function UploadTokenDialog({ onClose }: { onClose: () => void }) {
  const current = useAppStore((s) => s.token);
  const refresh = useAppStore((s) => s.refresh);
  const go = useNavStore((s) => s.go);
  const renewal = current !== null && current.state !== 'none';

  const [file, setFile] = useState<Picked | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [label, setLabel] = useState(renewal ? (current.label ?? '') : '');
  const [appleId, setAppleId] = useState(renewal ? (current.appleId ?? '') : '');
  const [accepted, setAccepted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const [soonerConfirmed, setSoonerConfirmed] = useState(false);

  // The renewal guard: only a working installed token is protected (a revoked one may be replaced by anything).
  const guarded = renewal && (current.state === 'valid' || current.state === 'expiring') && current.expiresAt;
  const newExpiresAt = file ? readTokenExpiry(file.content) : null;
  const sooner =
    Boolean(guarded && current.expiresAt && newExpiresAt && Date.parse(newExpiresAt) < Date.parse(current.expiresAt)) ||
    error?.code === 'TOKEN_EXPIRES_SOONER';

  const pick = async (picked: File) => {
    setError(null);
    setFileError(null);
    if (picked.size > MAX_TOKEN_BYTES) {
      setFile(null);
      setFileError(
        `"${picked.name}" is too large to be a VPP token. Choose the .vpptoken file downloaded from Apple Business Manager.`,
      );
      return;
    }
    try {
      setFile({ name: picked.name, content: (await picked.text()).trim() });
      setSoonerConfirmed(false);
    } catch {
      setFile(null);
      setFileError(`"${picked.name}" could not be read. Choose the file again.`);
    }
  };

  const appleIdOk = appleId.trim().length >= 3;
  const ready = file !== null && file.content.length > 0 && appleIdOk && accepted && (!sooner || soonerConfirmed);
  const missing = !file
    ? 'Choose the token file.'
    : !appleIdOk
      ? 'Enter the Apple ID that manages this account.'
      : !accepted
        ? 'Tick the confirmation above.'
        : sooner && !soonerConfirmed
          ? 'Confirm replacing the token with one that expires sooner.'
          : null;

  const send = async (allowTakeover: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const status = await api.importToken({
        fileContent: file.content,
        appleId: appleId.trim(),
        label: label.trim(),
        acceptAccountLock: accepted,
        allowTakeover,
        acceptEarlierExpiry: sooner && soonerConfirmed,
      });
      await refresh();
      toast.success(successText(status, renewal));
      go('token');
      onClose();
    } catch (err) {
      setError({ code: codeOf(err), message: messageOf(err) });
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={renewal ? 'Upload a renewed VPP token' : 'Upload your VPP token'}
      description={
        renewal
          ? `Upload a new token of ${current.locationName ?? 'the same location'}. The current one ${current.expiresAt ? `expires ${formatDate(current.expiresAt)}` : 'stays until then'}.`
          : 'The .vpptoken file from Apple Business Manager or Apple School Manager (Preferences › Payments and Billing).'
      }
      busy={busy}
      onClose={onClose}
      testId="upload-dialog"
      footer={
        error?.code === 'TOKEN_IN_USE' ? null : (
          <>
            {!ready && missing ? <span className="footer-hint">{missing}</span> : null}
            <Button onClick={onClose} disabled={busy}>
              Cancel
            </Button>
            <Button variant="primary" icon="upload" disabled={!ready} busy={busy} onClick={() => void send(false)}>
              Upload
            </Button>
          </>
        )
      }
    >
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (ready && !busy) void send(false);
        }}
      >
        <div className="field">
          <span className="field-label" id="token-file-label">
            Token file
          </span>
          <FileDrop
            accept=".vpptoken,text/plain"
            label="Choose file…"
            hint="A .vpptoken file, up to 64 KB. It is stored in the system keychain only."
            fileName={file?.name ?? null}
            onFile={(f) => void pick(f)}
            testId="token-drop"
          />
          {fileError ? <InlineError message={fileError} /> : null}
        </div>

        <div className="field-row">
          <label className="field">
            <span className="field-label">Apple ID</span>
            <input
              className="input"
              type="text"
              inputMode="email"
              autoComplete="username"
              spellCheck={false}
              value={appleId}
              maxLength={320}
              placeholder="it-admin@example.com"
              onChange={(e) => setAppleId(e.target.value)}
              aria-describedby="apple-id-hint"
              required
            />
            <span id="apple-id-hint" className="field-hint">
              The managed Apple ID that owns these purchases.
            </span>
          </label>
          <label className="field">
            <span className="field-label">
              Label <span className="muted">(optional)</span>
            </span>
            <input
              className="input"
              type="text"
              value={label}
              maxLength={100}
              placeholder="e.g. Main campus"
              onChange={(e) => setLabel(e.target.value)}
            />
            <span className="field-hint">Shown in VPP Desk to tell tokens apart.</span>
          </label>
        </div>

        {guarded && file && current.expiresAt ? (
          <RenewalGuard
            currentExpiresAt={current.expiresAt}
            currentDaysLeft={current.daysLeft}
            newExpiresAt={newExpiresAt}
            sooner={sooner}
            confirmed={soonerConfirmed}
            onConfirm={setSoonerConfirmed}
          />
        ) : null}

        <label className={`warning-check${accepted ? ' is-checked' : ''}`}>
          <input type="checkbox" checked={accepted} onChange={(e) => setAccepted(e.target.checked)} />
          <span>{ACCOUNT_LOCK_WARNING}</span>
        </label>
        {/* Enter submits from the text fields. */}
        <button type="submit" hidden tabIndex={-1} aria-hidden="true" />
      </form>

      {error ? (
        <InlineError title={TITLES[error.code] ?? 'Upload refused.'} message={error.message} testId="upload-error" />
      ) : null}
      {error?.code === 'TOKEN_IN_USE' ? (
        <TakeoverPanel message={error.message} busy={busy} onCancel={onClose} onTakeover={() => void send(true)} />
      ) : null}
    </Dialog>
  );
}

function successText(status: TokenStatus, renewal: boolean): string {
  const expiry = `expires ${formatDate(status.expiresAt)} (${formatDaysLeft(status.daysLeft)})`;
  return renewal
    ? `Token renewed for ${status.locationName ?? 'your location'}; ${expiry}.`
    : `Token uploaded for ${status.locationName ?? 'your location'}; ${expiry}.`;
}
