import { Sandbox, startSandbox } from '../../sandbox/server';
import { call, query } from './sandbox-fetch';

let sb: Sandbox;
afterEach(() => sb.close());

const all = [{ op: 'exist', field: 'id' }];

/**
 * Thread limiting (Autotask's "API thread limiting" page): at most 3 concurrent requests per endpoint per
 * API tracking identifier (integration code); zoneInformation is exempt, ThresholdInformation is not
 * (msoukhomlinov/n8n-nodes-autotask PR #107). The refusal says "Thread Threshold Exceeded" (Itgenatr005)
 * and may come with a non-429 status (same repository, retryHandler.ts): 500 by default, 429 as a setting.
 */
describe('thread limit', () => {
	const slow = { rateSlow: 1, slowMs: 400 };
	const as = (user: { username: string; secret: string; integrationCode?: string }) => ({
		ApiIntegrationCode: user.integrationCode ?? sb.credentials.integrationCode,
		UserName: user.username,
		Secret: user.secret,
		'Content-Type': 'application/json',
	});

	it('refuses the 4th concurrent request on one endpoint with "Thread Threshold Exceeded" (500 by default), not on another endpoint', async () => {
		sb = await startSandbox({ seed: 'demo', port: 0, faults: slow });
		const replies = await Promise.all([1, 2, 3, 4].map(() => query(sb, 'Companies', all)));
		expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 500]);
		expect(replies.find((r) => r.status === 500)!.body.errors[0]).toMatch(
			/^Thread Threshold Exceeded \(Itgenatr005\)/,
		);
		const mixed = await Promise.all([
			...[1, 2, 3].map(() => query(sb, 'Companies', all)),
			query(sb, 'Contracts', all),
		]);
		expect(mixed.map((r) => r.status)).toEqual([200, 200, 200, 200]);
	});

	it('threadLimitStatus 429 sends the same refusal as a 429', async () => {
		sb = await startSandbox({
			seed: 'demo',
			port: 0,
			threadLimit: 1,
			threadLimitStatus: 429,
			faults: slow,
		});
		const replies = await Promise.all([query(sb, 'Companies', all), query(sb, 'Companies', all)]);
		expect(replies.map((r) => r.status).sort()).toEqual([200, 429]);
	});

	it('counts per integration code, whichever API user sends the request', async () => {
		const second = { username: 'second-api@sandbox.local', secret: 'second-secret' };
		const otherCode = {
			username: 'other-api@sandbox.local',
			secret: 'other-secret',
			integrationCode: 'OTHERINTEGRATION',
		};
		sb = await startSandbox({
			seed: 'demo',
			port: 0,
			threadLimit: 1,
			faults: slow,
			extraUsers: [second, otherCode],
		});
		const body = { filter: all };
		const shared = await Promise.all([
			query(sb, 'Companies', all),
			call(sb, 'POST', 'Companies/query', body, as(second)),
		]);
		expect(shared.map((r) => r.status).sort()).toEqual([200, 500]);
		const separate = await Promise.all([
			query(sb, 'Companies', all),
			call(sb, 'POST', 'Companies/query', body, as(otherCode)),
		]);
		expect(separate.map((r) => r.status)).toEqual([200, 200]);
	});

	it('limits ThresholdInformation like an entity endpoint; zoneInformation is exempt', async () => {
		sb = await startSandbox({ seed: 'demo', port: 0, threadLimit: 1, latencyMs: 300 });
		const polls = await Promise.all([
			call(sb, 'GET', 'ThresholdInformation'),
			call(sb, 'GET', 'ThresholdInformation'),
		]);
		expect(polls.map((r) => r.status).sort()).toEqual([200, 500]);
		const zone = `zoneInformation?user=${encodeURIComponent(sb.credentials.username)}`;
		const during = await Promise.all([
			query(sb, 'Companies', all),
			...[1, 2, 3].map(() => call(sb, 'GET', zone)),
		]);
		expect(during.map((r) => r.status)).toEqual([200, 200, 200, 200]);
	});
});

describe('hourly budget', () => {
	it('answers 429 once the rolling hour is spent and reflects it in ThresholdInformation', async () => {
		let now = new Date('2026-11-25T10:00:00Z').getTime();
		sb = await startSandbox({ seed: 'empty', port: 0, hourlyBudget: 3, now: () => new Date(now) });
		for (let i = 0; i < 3; i++) expect((await call(sb, 'GET', 'Companies/0')).status).toBe(200);
		const refused = await call(sb, 'GET', 'Companies/0');
		expect(refused.status).toBe(429);
		expect(refused.body.errors[0]).toContain('limit of 3');
		expect((await call(sb, 'GET', 'ThresholdInformation')).body).toEqual({
			externalRequestThreshold: 3,
			requestThresholdTimeframe: 60,
			currentTimeframeRequestCount: 3,
		});
		now += 3_600_001;
		expect((await call(sb, 'GET', 'Companies/0')).status).toBe(200);
	});
});

describe('faults', () => {
	// A transient fault has no reason to read; a 500 with errors[] is a refusal on real Autotask (issue #11).
	it('rate500 = 1 answers 500 with an empty body and applies nothing', async () => {
		sb = await startSandbox({ seed: 'demo', port: 0, faults: { rate500: 1 } });
		const before = sb.store.all('Companies').length;
		const r = await call(sb, 'POST', 'Companies', {
			companyName: 'X',
			companyType: 1,
			phone: '1',
			ownerResourceID: 29682886,
		});
		expect(r).toEqual({ status: 500, body: undefined });
		expect(sb.store.all('Companies')).toHaveLength(before);
	});

	it('rate429 = 1 answers 429', async () => {
		sb = await startSandbox({ seed: 'demo', port: 0, faults: { rate429: 1 } });
		expect((await call(sb, 'GET', 'Companies/0')).status).toBe(429);
	});

	it('rateSlow delays the response by slowMs', async () => {
		sb = await startSandbox({ seed: 'demo', port: 0, faults: { rateSlow: 1, slowMs: 150 } });
		expect((await call(sb, 'GET', 'Companies/0')).status).toBe(200);
		expect(sb.requestLog()[0].ms).toBeGreaterThanOrEqual(145);
	});

	it('rateLostResponse applies the write and drops the connection; reads are never lost', async () => {
		sb = await startSandbox({ seed: 'demo', port: 0, faults: { rateLostResponse: 1 } });
		const before = sb.store.all('Companies').length;
		await expect(
			call(sb, 'POST', 'Companies', {
				companyName: 'Lost Ltd',
				companyType: 1,
				phone: '1',
				ownerResourceID: 29682886,
			}),
		).rejects.toThrow();
		expect(sb.store.all('Companies')).toHaveLength(before + 1);
		expect(sb.store.all('Companies').some((c) => c.companyName === 'Lost Ltd')).toBe(true);
		expect((await query(sb, 'Companies', all)).status).toBe(200);
		expect(sb.requestLog()[0]).toEqual(
			expect.objectContaining({ route: 'POST Companies', status: 0 }),
		);
	});

	it('is reproducible from the seed', async () => {
		sb = await startSandbox({ seed: 'demo', port: 0 });
		const run = async () => {
			sb.setFaults({ rate500: 0.5, seed: 42 });
			const out: number[] = [];
			for (let i = 0; i < 12; i++) out.push((await call(sb, 'GET', 'Companies/0')).status);
			return out;
		};
		const first = await run();
		expect(first).toContain(500);
		expect(first).toContain(200);
		expect(await run()).toEqual(first);
	});

	it('setRouteFault answers the given status on that route only, `times` times', async () => {
		sb = await startSandbox({ seed: 'demo', port: 0 });
		sb.setRouteFault('GET Companies/{id}', { status: 503, message: 'maintenance', times: 2 });
		expect(await call(sb, 'GET', 'Companies/0')).toEqual({
			status: 503,
			body: { errors: ['maintenance'] },
		});
		expect((await call(sb, 'GET', 'Contracts/29684101')).status).toBe(200);
		expect((await call(sb, 'GET', 'Companies/0')).status).toBe(503);
		expect((await call(sb, 'GET', 'Companies/0')).status).toBe(200);
		sb.setRouteFault('GET Companies/{id}', { status: 502, times: 1 });
		expect(await call(sb, 'GET', 'Companies/0')).toEqual({ status: 502, body: undefined });
	});

	it("setRouteFault 'lost' applies a ticket note and loses the answer", async () => {
		sb = await startSandbox({ seed: 'demo', port: 0 });
		const ticketID = sb.store.insert('Tickets', {
			companyID: 301,
			title: 't',
			status: 1,
			priority: 6,
			queueID: 29683498,
		}).id;
		sb.setRouteFault('POST Tickets/{id}/Notes', { status: 'lost', times: 1 });
		await expect(
			call(sb, 'POST', `Tickets/${ticketID}/Notes`, {
				title: 'a',
				description: 'b',
				noteType: 3,
				publish: 1,
			}),
		).rejects.toThrow();
		expect(sb.store.all('TicketNotes').filter((n) => n.ticketID === ticketID)).toHaveLength(1);
	});

	it('latencyMs delays every answer', async () => {
		sb = await startSandbox({ seed: 'empty', port: 0, latencyMs: 120 });
		await call(sb, 'GET', 'Companies/0');
		expect(sb.requestLog()[0].ms).toBeGreaterThanOrEqual(115);
	});
});

describe('counts', () => {
	it('counts by route with ids replaced by {id}', async () => {
		sb = await startSandbox({ seed: 'demo', port: 0 });
		await call(sb, 'GET', 'companies/0');
		await call(sb, 'GET', 'Companies/301');
		await call(sb, 'POST', 'Tickets/query', { filter: all });
		await call(sb, 'POST', 'Tickets/7400001/Notes/query', { filter: all });
		await call(sb, 'PATCH', 'Tickets', { id: 1 });
		expect(sb.counts()).toEqual({
			total: 5,
			byRoute: {
				'GET Companies/{id}': 2,
				'POST Tickets/query': 1,
				'POST Tickets/{id}/Notes/query': 1,
				'PATCH Tickets': 1,
			},
		});
		sb.resetCounts();
		expect(sb.counts()).toEqual({ total: 0, byRoute: {} });
	});
});

describe('busy-tenant latency', () => {
	it('adds throttleLatencyMs past half the budget and twice that past 75%', async () => {
		sb = await startSandbox({ seed: 'empty', port: 0, hourlyBudget: 4, throttleLatencyMs: 100 });
		for (let i = 0; i < 4; i++) await call(sb, 'GET', 'Companies/0');
		const ms = sb.requestLog().map((e) => e.ms);
		// used after taking: 1/4, 2/4, 3/4, 4/4 → 0, 0, 100, 200 extra.
		expect(ms[2]).toBeGreaterThanOrEqual(95);
		expect(ms[3]).toBeGreaterThanOrEqual(195);
	});
});
