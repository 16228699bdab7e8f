// A location (one Apple "library", identified by uId): its client config and
// its own organisation data. Tokens belong to exactly one location.
import { Store } from './store';
import type { MdmInfo } from './types';

export interface NotificationConfig {
  notificationUrl?: string;
  notificationAuthToken?: string;
  subscribedNotificationTypes: string[];
}

export class Location {
  readonly store = new Store();
  mdmInfo: MdmInfo | null = null;
  notifications: NotificationConfig = { subscribedNotificationTypes: [] };
  readonly countryISO2ACode = 'US';
  readonly defaultPlatform = 'volumestore';

  constructor(
    readonly uId: string,
    public locationName: string,
    public orgName: string,
    readonly websiteURL: string,
  ) {}

  /** Fields every authenticated response carries (mdmInfo only once set). */
  envelope(tokenExpirationDate: string): { uId: string; tokenExpirationDate: string; mdmInfo?: MdmInfo } {
    const env: { uId: string; tokenExpirationDate: string; mdmInfo?: MdmInfo } = { tokenExpirationDate, uId: this.uId };
    if (this.mdmInfo !== null) env.mdmInfo = { ...this.mdmInfo };
    return env;
  }
}
