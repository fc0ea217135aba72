import { parseArgs } from '../../sandbox/cli';

it('reads --name value and --name=value forms', () => {
	expect(
		parseArgs([
			'--port',
			'9000',
			'--seed=demo',
			'--user',
			'u@x.test',
			'--secret',
			's',
			'--code',
			'C',
			'--latency',
			'20',
		]),
	).toEqual({
		port: '9000',
		seed: 'demo',
		user: 'u@x.test',
		secret: 's',
		code: 'C',
		latency: '20',
	});
});

it('refuses unknown arguments and missing values with the usage text', () => {
	expect(() => parseArgs(['--colour', 'red'])).toThrow(/Unknown argument "--colour"[\s\S]*Usage/);
	expect(() => parseArgs(['--port'])).toThrow(/--port needs a value/);
	expect(() => parseArgs(['--help'])).toThrow(/Usage/);
});
