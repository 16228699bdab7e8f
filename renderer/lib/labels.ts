/**
 * Words an admin reads for the codes core sends. Status pills always carry
 * text as well as a colour, so nothing depends on colour alone.
 */
import type {
  ActivityKind,
  ActivitySource,
  DeployAction,
  DeploymentState,
  PricingParam,
  SyncPhase,
  TermsStatus,
  TokenState,
} from '../../shared/domain';

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'accent';

export const TERMS: Record<TermsStatus, { label: string; tone: Tone }> = {
  accepted: { label: 'Accepted', tone: 'success' },
  pending: { label: 'Pending', tone: 'warning' },
  retired: { label: 'Retired', tone: 'neutral' },
  'not-invited': { label: 'Not invited', tone: 'info' },
};

export const DEPLOYMENT_STATE: Record<DeploymentState, { label: string; tone: Tone }> = {
  'pending-terms': { label: 'Pending terms', tone: 'warning' },
  assigning: { label: 'Assigning', tone: 'info' },
  assigned: { label: 'Assigned', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  reclaiming: { label: 'Reclaiming', tone: 'info' },
  reclaimed: { label: 'Reclaimed', tone: 'neutral' },
};

export const ACTION: Record<DeployAction, string> = {
  required: 'Required',
  uninstall: 'Uninstall',
};

export const PRICING: Record<PricingParam, { label: string; title: string }> = {
  STDQ: { label: 'STDQ', title: 'Standard quality' },
  PLUS: { label: 'PLUS', title: 'High quality (books) / Plus' },
};

export const TOKEN_STATE: Record<TokenState, { label: string; tone: Tone }> = {
  none: { label: 'No token', tone: 'neutral' },
  valid: { label: 'Valid', tone: 'success' },
  expiring: { label: 'Expiring soon', tone: 'warning' },
  expired: { label: 'Expired', tone: 'danger' },
  revoked: { label: 'Revoked', tone: 'danger' },
  invalid: { label: 'Invalid', tone: 'danger' },
};

export const ACTIVITY_KIND: Record<ActivityKind, { label: string; tone: Tone }> = {
  'token-uploaded': { label: 'Token uploaded', tone: 'accent' },
  'token-renewed': { label: 'Token renewed', tone: 'accent' },
  'token-removed': { label: 'Token removed', tone: 'neutral' },
  'token-state': { label: 'Token state', tone: 'warning' },
  sync: { label: 'Sync', tone: 'info' },
  'sync-failed': { label: 'Sync failed', tone: 'danger' },
  deployment: { label: 'Deployment', tone: 'accent' },
  'license-assigned': { label: 'License assigned', tone: 'success' },
  'license-reclaimed': { label: 'License reclaimed', tone: 'neutral' },
  failure: { label: 'Failure', tone: 'danger' },
  cache: { label: 'Cache', tone: 'warning' },
  'license-failed': { label: 'License failed', tone: 'danger' },
  'license-revoked': { label: 'License revoked', tone: 'neutral' },
  'low-stock': { label: 'Low stock', tone: 'warning' },
};

export const ACTIVITY_SOURCE: Record<ActivitySource, string> = {
  window: 'Window',
  tray: 'Tray',
  cli: 'Command line',
  schedule: 'Schedule',
  system: 'VPP Desk',
  unknown: 'Unknown',
};

export const SYNC_PHASE: Record<SyncPhase, string> = {
  idle: 'Idle',
  config: 'Checking the token',
  assets: 'Apps and licenses',
  users: 'Users',
  assignments: 'Assignments',
  metadata: 'App names',
  saving: 'Saving',
};

/** Core stores short reason codes for some failures; everything else is already a sentence. */
const REASONS: Record<string, string> = {
  'no-licenses': 'No licenses available',
  'user-not-found': 'User not found at Apple',
  'terms-pending': 'Waiting for the user to accept the VPP terms',
};

export function reasonText(reason: string | null): string {
  if (!reason) return '';
  return REASONS[reason] ?? reason;
}
