// GET /service/config: no auth. URLs point at this simulator so a client that
// follows them (as Apple asks) stays local.
import { SERVICE_ERROR_CODES } from '../errors';
import { LIMITS, NOTIFICATION_TYPES } from '../limits';

export const LOOKUP_PATH = '/WebObjects/MZStorePlatform.woa/wa/lookup';
export const INVITATION_PATH = '/WebObjects/MZFinance.woa/wa/associateVPPUserWithITSAccount';

export function serviceConfig(origin: string): Record<string, unknown> {
  const v2 = `${origin}/mdm/v2`;
  return {
    errorCodes: SERVICE_ERROR_CODES.map((e) => ({ ...e })),
    limits: { ...LIMITS },
    notificationTypes: [...NOTIFICATION_TYPES],
    urls: {
      // `%25inviteCode%25` is literal: clients replace it with the user's inviteCode.
      invitationEmail: `${origin}${INVITATION_PATH}?inviteCode=%25inviteCode%25&mt=8`,
      clientConfig: `${v2}/client/config`,
      createUsers: `${v2}/users/create`,
      getAssignments: `${v2}/assignments`,
      revokeAssets: `${v2}/assets/revoke`,
      contentMetadataLookup: `${origin}${LOOKUP_PATH}`,
      getUsers: `${v2}/users`,
      eventStatus: `${v2}/status`,
      associateAssets: `${v2}/assets/associate`,
      disassociateAssets: `${v2}/assets/disassociate`,
      updateUsers: `${v2}/users/update`,
      getAssets: `${v2}/assets`,
      retireUsers: `${v2}/users/retire`,
    },
  };
}
