// The pure checks of tools/scan-package.js; its npm pack + n8n scanner run is exercised by `npm run lint` in .ci/run.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { manifestFindings, tarballFindings } = require('../../tools/scan-package.js') as {
	manifestFindings: (pkg: object) => string[];
	tarballFindings: (files: string[], pkg: object) => string[];
};

const n8n = {
	n8n: { nodes: ['dist/nodes/A/A.node.js'], credentials: ['dist/credentials/C.credentials.js'] },
};

describe('tools/scan-package.js checks', () => {
	it('accepts an empty dependencies object and dist paths', () => {
		expect(manifestFindings({ dependencies: {}, ...n8n })).toEqual([]);
	});

	it('names runtime dependencies, overrides and n8n paths outside dist', () => {
		const findings = manifestFindings({
			dependencies: { axios: '1' },
			overrides: {},
			n8n: { nodes: ['nodes/A/A.node.ts'] },
		});
		expect(findings).toHaveLength(3);
		expect(findings[0]).toContain('axios');
		expect(findings[1]).toContain('overrides');
		expect(findings[2]).toContain('"nodes/A/A.node.ts" must point into dist/');
	});

	it('lets only dist/nodes, dist/credentials and npm metadata ship', () => {
		const files = [
			'package.json',
			'README.md',
			'LICENSE.md',
			'dist/nodes/A/A.node.js',
			'dist/nodes/A/a.svg',
			'dist/credentials/C.credentials.js',
		];
		expect(tarballFindings(files, n8n)).toEqual([]);
		const bad = tarballFindings(
			[
				...files,
				'sandbox/server.js',
				'tools-dist/x.js',
				'dist/tsconfig.tsbuildinfo',
				'bench/run.js',
			],
			n8n,
		);
		expect(bad.map((f) => f.split('"')[1])).toEqual([
			'sandbox/server.js',
			'tools-dist/x.js',
			'dist/tsconfig.tsbuildinfo',
			'bench/run.js',
		]);
	});

	it('names an n8n entry the tarball lacks', () => {
		expect(tarballFindings(['package.json', 'dist/nodes/A/A.node.js'], n8n)).toEqual([
			expect.stringContaining('n8n.credentials lists "dist/credentials/C.credentials.js"'),
		]);
	});
});
