import { join } from 'node:path';

import { credentialsFor } from './index';
import { loadPackageCredentialTypes, loadPackageNodeTypes } from './packageTypes';

const fixture = join(__dirname, 'fixtures', 'package');

describe('package type discovery', () => {
	it('registers node classes from nodes/<Dir>/*.node.ts under the package prefix, skipping other exports', () => {
		const types = loadPackageNodeTypes(fixture);
		expect([...types.keys()]).toEqual(['n8n-nodes-bdr-autotask.fixtureEcho']);
	});

	it('registers credential classes from credentials/*.credentials.ts by name', () => {
		const types = loadPackageCredentialTypes(fixture);
		expect([...types.keys()]).toEqual(['fixtureApi']);
	});

	it('finds nothing in a folder without nodes/ or credentials/', () => {
		expect(loadPackageNodeTypes(__dirname).size).toBe(0);
		expect(loadPackageCredentialTypes(__dirname).size).toBe(0);
	});
});

describe('credentialsFor', () => {
	it('points a custom-zone bdrAutotaskApi credential at the sandbox', () => {
		const sandbox = {
			baseUrl: 'http://127.0.0.1:9/ATServicesRest/V1.0',
			credentials: { username: 'u', secret: 's', integrationCode: 'c' },
		};
		expect(credentialsFor(sandbox)).toEqual({
			username: 'u',
			secret: 's',
			integrationCode: 'c',
			zone: 'custom',
			customUrl: 'http://127.0.0.1:9/ATServicesRest/V1.0',
		});
	});
});
