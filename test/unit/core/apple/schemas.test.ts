// Apple's own example responses must pass the schemas unchanged, extra
// fields included; a reply missing what the client relies on must not.
import { describe, expect, it } from 'vitest';
import {
  ClientConfigSchema,
  ErrorResponseSchema,
  EventResponseSchema,
  GetAssetsResponseSchema,
  GetAssignmentsResponseSchema,
  GetUsersResponseSchema,
  ServiceConfigSchema,
  StatusResponseSchema,
} from '../../../../electron/core/apple';
import { fixture } from './helpers';

describe('schemas accept Apple examples', () => {
  it('service config', () => {
    const c = ServiceConfigSchema.parse(fixture('service-config'));
    expect(c.limits.maxAssets).toBe(25);
    expect(c.limits.maxClientUserIds).toBe(1000);
    expect(c.limits.maxSerialNumbers).toBe(1000);
    expect(c.limits.maxUsers).toBe(100);
    expect(c.urls.contentMetadataLookup).toMatch(/^https:\/\/uclient-api/);
    expect(c.urls.invitationEmail).toContain('%25inviteCode%25');
    expect(c.errorCodes.find((e) => e.errorNumber === 9721)?.errorMessage).toMatch(/version ID/);
    // "Any key" limits and urls survive.
    expect((c.urls as Record<string, unknown>).getAssets).toBe('https://vpp.itunes.apple.com/mdm/v2/assets');
  });

  it('client config', () => {
    const c = ClientConfigSchema.parse(fixture('client-config'));
    expect(c.uId).toBe('2049025000431439');
    expect(c.mdmInfo).toEqual({
      id: '522d5c43-44ca-4f7e-ba7a-53570cf60765',
      name: 'Apple Configurator 2',
      metadata: '2.13.3',
    });
    expect(c.countryISO2ACode).toBe('US');
    expect(c.tokenExpirationDate).toBe('2030-11-08T22:33:22+0000');
  });

  it('assets, assignments and users pages', () => {
    const assets = GetAssetsResponseSchema.parse(fixture('get-assets'));
    expect(assets.assets).toHaveLength(5);
    expect(assets.assets[0]).toMatchObject({
      adamId: '408709785',
      pricingParam: 'STDQ',
      availableCount: 10000,
      supportedPlatforms: ['iOS'],
    });
    expect(assets.nextPageIndex).toBeUndefined();
    const assignments = GetAssignmentsResponseSchema.parse(fixture('get-assignments'));
    expect(assignments.assignments.map((a) => a.clientUserId ?? a.serialNumber)).toEqual(['client-1', 'serial-1']);
    const users = GetUsersResponseSchema.parse(fixture('get-users'));
    expect(users.users.map((u) => u.status)).toEqual(['Registered', 'Registered', 'Retired']);
    expect(users.versionId).toBe('021f10a0-7035-11eb-9f67-bd1df52e1e13');
  });

  it('event and status responses', () => {
    expect(EventResponseSchema.parse(fixture('event-response')).eventId).toBe('ed3edfc3-e617-465e-b309-a17925266e14');
    expect(EventResponseSchema.parse(fixture('create-users-response')).eventId).toBe(
      'af70eb9b-0ab6-405d-87d8-3b9ed0c4f370',
    );
    const complete = StatusResponseSchema.parse(fixture('status-complete'));
    expect(complete).toMatchObject({ eventStatus: 'COMPLETE', numCompleted: 4000, numRequested: 4000, failures: [] });
    const failed = StatusResponseSchema.parse(fixture('status-failed'));
    expect(failed.failures[0]).toMatchObject({
      errorNumber: 9609,
      errorInfo: { clientUserIds: ['user102', 'user101'] },
    });
    expect(StatusResponseSchema.parse(fixture('status-pending')).eventStatus).toBe('PENDING');
  });

  it('error response', () => {
    expect(ErrorResponseSchema.parse(fixture('error-9726')).errorNumber).toBe(9726);
  });

  it('tolerates fields Apple adds later', () => {
    const page = { ...fixture('get-users'), somethingNew: { a: 1 } };
    const parsed = GetUsersResponseSchema.parse(page) as Record<string, unknown>;
    expect(parsed.somethingNew).toEqual({ a: 1 });
  });

  it('rejects a page without versionId or items', () => {
    const { versionId: _v, ...noVersion } = fixture('get-assets');
    expect(GetAssetsResponseSchema.safeParse(noVersion).success).toBe(false);
    const { assets: _a, ...noAssets } = fixture('get-assets');
    expect(GetAssetsResponseSchema.safeParse(noAssets).success).toBe(false);
  });
});
