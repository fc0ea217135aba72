import { credentialTestVerdict } from '../../nodes/logic/credentialTestResult';

const auto = {
	username: 'api@msp.test',
	autoDetected: true,
	baseUrl: 'https://webservices5.autotask.net/ATServicesRest/V1.0',
};

describe('credential test verdict', () => {
	it('OK names the user, the zone found and the budget used', () => {
		const v = credentialTestVerdict(auto, { step: 'ok', threshold: { used: 12, limit: 10000 } });
		expect(v).toEqual({
			status: 'OK',
			message: `Authenticated as "api@msp.test" at ${auto.baseUrl} (zone found through zoneInformation). 12 of 10000 API requests used this hour.`,
		});
	});

	it('an unknown user is told Autotask does not know the username; a 5xx adds that the lookup may be failing', () => {
		const v = credentialTestVerdict(
			{ ...auto, baseUrl: undefined },
			{ step: 'zoneUnknown', status: 404 },
		);
		expect(v.status).toBe('Error');
		expect(v.message).toMatch(/^Autotask does not know the API username "api@msp\.test"/);
		expect(v.message).not.toMatch(/try again later/);
		expect(credentialTestVerdict(auto, { step: 'zoneUnknown', status: 500 }).message).toMatch(
			/try again later/,
		);
	});

	it('a refused read quotes Autotask, says where, and what to check for a 401', () => {
		const v = credentialTestVerdict(auto, {
			step: 'read',
			status: 401,
			errors: ['User authentication failed.'],
		});
		expect(v.message).toBe(
			`Autotask refused the API user "api@msp.test" in its zone (${auto.baseUrl}) (HTTP 401): User authentication failed. Check the Secret and the API Integration Code (the API user's tracking identifier), and that the user is an "API User (API-only)" resource.`,
		);
		expect(
			credentialTestVerdict(
				{ ...auto, autoDetected: false },
				{ step: 'read', status: 403, errors: [] },
			).message,
		).toMatch(/at https:.*no reason given.*Security Level/);
	});

	it('no answer at all says which host could not be reached', () => {
		expect(
			credentialTestVerdict(auto, { step: 'zoneUnreachable', detail: 'ECONNREFUSED' }).message,
		).toMatch(/zone lookup could not be reached .*ECONNREFUSED/);
		expect(
			credentialTestVerdict(auto, { step: 'readUnreachable', detail: 'ETIMEDOUT' }).message,
		).toMatch(/could not be reached at https:\/\/webservices5.*ETIMEDOUT/);
	});
});
