/** Apple's user status → the VPP Terms Status column, and the invitation link. */
import type { TermsStatus } from '../../../shared/domain';
import type { CachedUser, ServiceInfo } from './schema';

export function termsStatusOf(user: CachedUser | undefined): TermsStatus {
  if (!user) return 'not-invited';
  if (user.status === 'Retired' || user.status === 'Deleted') return 'retired';
  // Managed Apple Accounts skip the invitation entirely.
  if (user.status === 'Associated' || user.managedAppleId) return 'accepted';
  return 'pending';
}

export function inviteUrlOf(user: CachedUser | undefined, service: ServiceInfo | null): string | null {
  if (!user?.inviteCode || !service?.invitationUrlTemplate || termsStatusOf(user) !== 'pending') return null;
  return service.invitationUrlTemplate.replace(/%25inviteCode%25|%inviteCode%/g, encodeURIComponent(user.inviteCode));
}
