// GET/POST /client/config: the location's details and the mdmInfo "claim"
// other products see on every response.
import { parseClientConfig } from '../validate';
import type { AuthedCtx } from './context';

function clientConfigBody(c: AuthedCtx): Record<string, unknown> {
  const loc = c.loc;
  const body: Record<string, unknown> = {
    countryISO2ACode: loc.countryISO2ACode,
    defaultPlatform: loc.defaultPlatform,
    locationName: loc.locationName,
    subscribedNotificationTypes: [...loc.notifications.subscribedNotificationTypes],
    websiteURL: loc.websiteURL,
  };
  if (loc.notifications.notificationUrl !== undefined) body.notificationUrl = loc.notifications.notificationUrl;
  if (loc.notifications.notificationAuthToken !== undefined)
    body.notificationAuthToken = loc.notifications.notificationAuthToken;
  return body;
}

export function getClientConfig(c: AuthedCtx): Record<string, unknown> {
  return clientConfigBody(c);
}

export function postClientConfig(c: AuthedCtx): Record<string, unknown> {
  const req = parseClientConfig(c.body);
  // Whoever writes mdmInfo last owns the location; earlier owners see the change.
  if (req.mdmInfo !== undefined) c.loc.mdmInfo = req.mdmInfo;
  if (req.notificationUrl !== undefined) c.loc.notifications.notificationUrl = req.notificationUrl;
  if (req.notificationAuthToken !== undefined) c.loc.notifications.notificationAuthToken = req.notificationAuthToken;
  if (req.notificationTypes !== undefined) c.loc.notifications.subscribedNotificationTypes = [...req.notificationTypes];
  return clientConfigBody(c);
}
