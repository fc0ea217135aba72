/**
 * HTTP Basic keys and the error answers. Sources: Celerium/Datto-PowerShellWrapper ("[C]":
 * `Private/apiCalls/Invoke-DattoRequest.ps1` builds `Basic base64(public:secret)`; the 1.x resources used
 * `Invoke-RestMethod -Credential`; `Test-DattoAPIKey` tests expect "(401) Unauthorized"),
 * wyre-technology/node-datto-bcdr `src/auth.ts` ("[W]"), veeemlab/datto-bcdr-mcp `src/datto-client.ts`
 * ("[V]"), SimonBuckner/dattoapi `model.go` Error `{code, message}` ("[S]"), itsimplyltd/datto-bcdr-mcp
 * `src/datto-api.ts` ("[I]": paths that do not exist answer 404 on the live API).
 */
import { DattoStandIn, startDatto } from '../../../sandbox/datto/server';
import { basic, get } from '../standInFetch';

let d: DattoStandIn;

beforeAll(async () => {
	d = await startDatto({ seed: 'demo', publicKey: 'pub-123', secretKey: 'sec-456' });
});
afterAll(() => d.close());

describe('Datto BCDR keys and errors', () => {
	it('HTTP Basic with the public key as user and the secret key as password [C Invoke-DattoRequest; W auth.ts; V datto-client.ts]', async () => {
		expect((await get(d, '/bcdr/device', basic('pub-123', 'sec-456'))).status).toBe(200);
		expect(
			(
				await get(d, '/bcdr/device', {
					Authorization: `bAsIc ${Buffer.from('pub-123:sec-456').toString('base64')}`,
				})
			).status,
		).toBe(200);
	});

	it('a secret containing ":" is split at the first colon (RFC 7617) [W auth.ts joins with ":"]', async () => {
		const e = await startDatto({ seed: 'empty', publicKey: 'p', secretKey: 'a:b:c' });
		try {
			expect((await get(e, '/bcdr/device', basic('p', 'a:b:c'))).status).toBe(200);
		} finally {
			await e.close();
		}
	});

	it('no, wrong or swapped keys → 401 {code, message} with a Basic challenge [C "(401) Unauthorized"; -Credential needs the challenge; S Error; wording ours]', async () => {
		for (const auth of [
			{},
			basic('pub-123', 'wrong'),
			basic('sec-456', 'pub-123'),
			{ Authorization: 'Bearer pub-123' },
			{ Authorization: 'Basic !!!' },
		]) {
			const r = await get(d, '/bcdr/device', auth);
			expect([auth, r.status]).toEqual([auth, 401]);
			expect(r.contentType).toMatch(/^application\/json/);
			expect(r.body).toEqual({ code: 'Unauthorized', message: expect.any(String) });
			expect(r.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
		}
	});

	it('the keys are checked before the route: an unknown path with bad keys is 401 [ours: the record does not say which comes first]', async () => {
		expect((await get(d, '/bcdr/nothing', {})).status).toBe(401);
	});

	it('an unknown serial number → 404 {code, message} naming it [W mocks 404 for a missing device; S Error; wording ours]', async () => {
		for (const path of [
			'/bcdr/device/NOSUCHSERIAL',
			'/bcdr/device/NOSUCHSERIAL/asset',
			'/bcdr/device/NOSUCHSERIAL/alert',
			'/bcdr/device/NOSUCHSERIAL/asset/agent',
		]) {
			const r = await get(d, path, basic('pub-123', 'sec-456'));
			expect([path, r.status]).toEqual([path, 404]);
			expect(r.body).toEqual({
				code: 'NotFound',
				message: expect.stringContaining('NOSUCHSERIAL'),
			});
		}
	});

	it('serial numbers match exactly (no case folding) [ours: strict]', async () => {
		const serial = d.model.appliances[0].serialNumber;
		expect(
			(await get(d, `/bcdr/device/${serial.toLowerCase()}`, basic('pub-123', 'sec-456'))).status,
		).toBe(404);
	});

	it('paths the API does not have → 404: the old /report/v2/alert, /offsite, /asset/{v}/backup, /screenshot, anything outside /v1, other verbs [I "404s measured against the live API"; wyre-technology/node-datto-bcdr commit 1d4c25a]', async () => {
		const serial = d.model.appliances[0].serialNumber;
		for (const path of [
			'/report/v2/alert',
			`/bcdr/device/${serial}/offsite`,
			`/bcdr/device/${serial}/asset/x/backup`,
			`/bcdr/device/${serial}/asset/x/screenshot`,
			`${d.baseUrl.replace('/v1', '/v2')}/bcdr/device`,
		]) {
			const r = await get(d, path, basic('pub-123', 'sec-456'));
			expect([path, r.status, r.body.code]).toEqual([path, 404, 'NotFound']);
		}
		expect((await get(d, '/bcdr/device', basic('pub-123', 'sec-456'), 'POST')).status).toBe(404);
	});
});
