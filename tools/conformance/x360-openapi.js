#!/usr/bin/env node
/*
 * One-off fidelity check of the x360Recover stand-in against Axcient's OpenAPI file (issue #12).
 *
 * Usage: npm run build && node tools/conformance/x360-openapi.js <path to x360Recover.yaml>
 *
 * The OpenAPI file is not kept in this repository: take it from adamburley/AxcientAPI (x360Recover.yaml,
 * version 0.3.1). This script starts the stand-in (demo seed), calls every path it serves and checks each
 * 200 answer against the path's documented response schema with a JSON-schema validator: ajv 6 and
 * js-yaml as they are already in node_modules (eslint's dependencies; nothing is added for this). OpenAPI
 * 3.0 specifics: `nullable` is honoured; `oneOf` is read as `anyOf` (the file's job schemas are not
 * mutually exclusive, so a strict `oneOf` fails for every job); where the file documents one object and
 * production answers an array (see README), every element is checked against the object schema.
 * A second, strict pass adds `additionalProperties: false` to every object schema, listing the fields the
 * stand-in sends that the file does not declare. Results are printed; sandbox/x360recover/README.md
 * records them.
 */
const fs = require('fs');
const path = require('path');
const yaml = require('js-yaml');
const Ajv = require('ajv');

const file = process.argv[2];
if (!file || !fs.existsSync(file)) {
	console.error('Usage: node tools/conformance/x360-openapi.js <x360Recover.yaml>');
	process.exit(2);
}
const { startX360Recover } = require(
	path.join(__dirname, '../../tools-dist/sandbox/x360recover/server.js'),
);

const spec = yaml.load(fs.readFileSync(file, 'utf8'));

/**
 * OpenAPI components → JSON-schema definitions (refs rewritten, oneOf read as anyOf). `mode.nulls`: every
 * typed value may also be null; `mode.strict`: objects may not carry undeclared fields.
 */
function convert(node, mode) {
	if (Array.isArray(node)) return node.map((n) => convert(n, mode));
	if (node === null || typeof node !== 'object') return node;
	const out = {};
	for (const [k, v] of Object.entries(node)) {
		if (k === 'example' || k.startsWith('x-')) continue;
		if (k === '$ref') out.$ref = v.replace('#/components/schemas/', '#/definitions/');
		else if (k === 'oneOf') out.anyOf = convert(v, mode);
		else if (k === 'properties')
			out.properties = Object.fromEntries(
				Object.entries(v).map(([name, s]) => [
					name,
					mode.nulls && s.$ref ? { anyOf: [{ type: 'null' }, convert(s, mode)] } : convert(s, mode),
				]),
			);
		else out[k] = convert(v, mode);
	}
	if (mode.nulls && typeof out.type === 'string') out.nullable = true;
	if (mode.strict && out.type === 'object' && out.properties) out.additionalProperties = false;
	return out;
}

function validatorFor(mode) {
	const ajv = new Ajv({
		nullable: true,
		unknownFormats: 'ignore',
		allErrors: true,
		schemaId: 'auto',
		logger: false,
	});
	const definitions = convert(spec.components.schemas, mode);
	// allOf parts cannot each forbid the others' fields: in the strict pass an allOf becomes one object with all their properties
	if (mode.strict) {
		for (const [name, d] of Object.entries(definitions)) {
			if (!d.allOf) continue;
			const parts = d.allOf.map((part) =>
				part.$ref ? definitions[part.$ref.replace('#/definitions/', '')] : part,
			);
			definitions[name] = {
				type: 'object',
				properties: Object.assign({}, ...parts.map((part) => part.properties)),
				additionalProperties: false,
			};
		}
	}
	return (schema) => ajv.compile({ definitions, ...convert(schema, mode) });
}

function responseSchema(route) {
	const [method, p] = route.split(' ');
	const op = spec.paths[p]?.[method.toLowerCase()];
	return (
		op?.responses?.['200']?.content?.['application/json']?.schema ??
		op?.responses?.['201']?.content?.['application/json']?.schema
	);
}

async function main() {
	const x = await startX360Recover({ seed: 'demo' });
	const d = x.model.devices[0];
	const a = x.model.appliances[0];
	const calls = [
		['GET /organization', '/organization'],
		['GET /client', '/client'],
		['GET /client/{client_id}', `/client/${d.clientId}`],
		['GET /client/{client_id}', `/client/${d.clientId}?include_appliances=true`],
		['GET /client/{client_id}/appliance', `/client/${d.clientId}/appliance`],
		['GET /client/{client_id}/device', `/client/${d.clientId}/device`],
		['GET /client/{client_id}/device/{device_id}/job', `/client/${d.clientId}/device/${d.id}/job`],
		[
			'GET /client/{client_id}/device/{device_id}/job/{job_id}',
			`/client/${d.clientId}/device/${d.id}/job/${d.replicationJobId}`,
		],
		[
			'GET /client/{client_id}/device/{device_id}/job/{job_id}/history',
			`/client/${d.clientId}/device/${d.id}/job/${d.backupJobId}/history?limit=50`,
		],
		['GET /appliance', '/appliance'],
		['GET /appliance/{appliance_id}', `/appliance/${a.id}`],
		['GET /device', '/device?limit=100&offset=0'],
		['GET /device/{device_id}', `/device/${d.id}`],
		['GET /device/{device_id}/autoverify', `/device/${d.id}/autoverify`],
		['GET /device/{device_id}/restore_point', `/device/${d.id}/restore_point`],
		['GET /vault', '/vault'],
		['GET /vault/{vault_id}', `/vault/${d.vaultId}`],
		['GET /vault/{vault_id}/threshold/connectivity', `/vault/${d.vaultId}/threshold/connectivity`],
	];
	// a failing device too, so Failed history runs and non-NORMAL states are checked
	await fetch(`${x.adminUrl}/device/${d.id}/health`, {
		method: 'POST',
		body: JSON.stringify({ status: 'TROUBLED', reason: 'BACKUP_FAILED' }),
	});
	await fetch(`${x.adminUrl}/device/${d.id}/restore-point-age`, {
		method: 'POST',
		body: JSON.stringify({ localMinutes: 300 }),
	});
	const passes = [
		['as published', { nulls: false, strict: false }],
		[
			"nulls allowed (the file's own examples send null for reason, previous_health_status and local-cache times)",
			{ nulls: true, strict: false },
		],
		[
			'nulls allowed + additionalProperties: false (fields the file does not declare)',
			{ nulls: true, strict: true },
		],
	];
	const summary = [];
	for (const [name, mode] of passes) {
		const compile = validatorFor(mode);
		let failures = 0;
		console.log(`\n== pass: ${name}`);
		for (const [route, url] of calls) {
			const res = await fetch(`${x.baseUrl}${url}`, { headers: { 'x-api-key': x.apiKey } });
			const body = await res.json();
			const p = route.split(' ')[1];
			const docSchema = responseSchema(`GET ${p}`);
			const validate = compile(docSchema);
			const documentedArray = docSchema.type === 'array';
			const items = !documentedArray && Array.isArray(body) ? body : [body];
			const errors = [];
			for (const item of items)
				if (!validate(item))
					errors.push(
						...validate.errors.map(
							(e) =>
								`${e.dataPath || '(root)'} ${e.message}${e.params?.additionalProperty ? ` "${e.params.additionalProperty}"` : ''}`,
						),
					);
			const unique = [...new Set(errors)];
			const note =
				!documentedArray && Array.isArray(body)
					? ' [array; the file documents one object: each element checked]'
					: '';
			console.log(
				`${unique.length === 0 ? 'ok  ' : 'FAIL'} ${route}${url.includes('?') ? ` (${url.split('?')[1]})` : ''}${note}${unique.length ? `\n       ${unique.slice(0, 12).join('\n       ')}` : ''}`,
			);
			if (unique.length) failures++;
		}
		summary.push(`${name}: ${calls.length - failures}/${calls.length} calls match`);
	}
	await x.close();
	console.log(`\n${summary.join('\n')}`);
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
