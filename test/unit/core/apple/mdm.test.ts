// Another product's mdmInfo on any response stops the client for good.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeClock, fixture, makeClient, rejectionOf, sendJson, startServer, type TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const OURS = { id: 'vpp-desk-install-1', name: 'VPP Desk', metadata: '0.1.0' };
// Apple's example client config is claimed by Apple Configurator 2.
const THEIRS = fixture<{ mdmInfo: { id: string; name: string } }>('client-config').mdmInfo;

describe('mdmInfo', () => {
  it('matching mdmInfo (or none) passes', async () => {
    server.reset((req, res) =>
      sendJson(
        res,
        200,
        req.path.endsWith('/assets') ? { ...fixture('get-assets'), mdmInfo: OURS } : fixture('get-users'),
      ),
    );
    const onMdmChanged = vi.fn();
    const client = makeClient(server, fakeClock(), { expectedMdmId: OURS.id, hooks: { onMdmChanged } });
    await client.getAssets();
    await client.getUsers();
    expect(onMdmChanged).not.toHaveBeenCalled();
    expect(client.stopped).toBe(false);
  });

  it('a different id → MDM_CHANGED, hook told once, later calls refused without a request', async () => {
    server.reset((req, res) =>
      sendJson(res, 200, req.path.endsWith('/client/config') ? fixture('client-config') : fixture('get-assets')),
    );
    const onMdmChanged = vi.fn();
    const client = makeClient(server, fakeClock(), { expectedMdmId: () => OURS.id, hooks: { onMdmChanged } });
    await client.getAssets();
    const err = await rejectionOf(client.getClientConfig());
    expect(err).toMatchObject({ code: 'MDM_CHANGED' });
    expect(onMdmChanged).toHaveBeenCalledExactlyOnceWith({
      expectedId: OURS.id,
      id: THEIRS.id,
      name: 'Apple Configurator 2',
      metadata: '2.13.3',
    });
    expect(client.stopped).toBe(true);
    const before = server.requests.length;
    await expect(client.getAssets()).rejects.toMatchObject({ code: 'MDM_CHANGED' });
    await expect(client.associate(fixture('associate-request'))).rejects.toMatchObject({ code: 'MDM_CHANGED' });
    await expect(client.walkUsers()).rejects.toMatchObject({ code: 'MDM_CHANGED' });
    expect(server.requests.length).toBe(before);
    expect(onMdmChanged).toHaveBeenCalledTimes(1);
  });

  it('is checked on writes and event status too', async () => {
    server.reset((_req, res) => sendJson(res, 200, { ...fixture('event-response'), mdmInfo: THEIRS }));
    const client = makeClient(server, fakeClock(), { expectedMdmId: OURS.id });
    await expect(client.revoke({ clientUserIds: ['client-1'] })).rejects.toMatchObject({ code: 'MDM_CHANGED' });
  });

  it('without expectedMdmId nothing is checked (the token upload inspects mdmInfo itself)', async () => {
    server.reset((_req, res) => sendJson(res, 200, fixture('client-config')));
    const client = makeClient(server, fakeClock());
    await expect(client.getClientConfig()).resolves.toMatchObject({ mdmInfo: { id: THEIRS.id } });
  });

  it('claiming the token with setClientConfig returns our mdmInfo and passes', async () => {
    server.reset((req, res) =>
      sendJson(res, 200, { ...fixture('client-config'), mdmInfo: JSON.parse(req.body).mdmInfo }),
    );
    const client = makeClient(server, fakeClock(), { expectedMdmId: OURS.id });
    await expect(client.setClientConfig({ mdmInfo: OURS })).resolves.toMatchObject({ mdmInfo: OURS });
  });
});
