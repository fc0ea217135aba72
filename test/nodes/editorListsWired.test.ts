/**
 * Every dropdown of our nodes that names a list method finds it on the node, and the lists the
 * seed's "Retrieve…" buttons stand for are wired (the editor test in test/e2e/browser found the
 * services list unwired once).
 */
import type { INodeProperties, INodeType } from 'n8n-workflow';

import { BdrAutotaskLookup } from '../../nodes/BdrAutotaskLookup/BdrAutotaskLookup.node';
import { BdrMapCustomer } from '../../nodes/BdrMapCustomer/BdrMapCustomer.node';
import { BdrOpenOrCloseTicket } from '../../nodes/BdrOpenOrCloseTicket/BdrOpenOrCloseTicket.node';
import { BdrSyncBilling } from '../../nodes/BdrSyncBilling/BdrSyncBilling.node';

function walk(props: INodeProperties[], visit: (p: INodeProperties) => void) {
	for (const p of props) {
		visit(p);
		for (const child of (p.options ?? []) as Array<
			INodeProperties & { values?: INodeProperties[] }
		>) {
			if ('values' in child && child.values) walk(child.values, visit);
			else if ('type' in child && 'name' in child && 'displayName' in child) walk([child], visit);
		}
	}
}

function listMethods(node: INodeType): Record<string, string> {
	const found: Record<string, string> = {};
	walk(node.description.properties, (p) => {
		const method = p.typeOptions?.loadOptionsMethod;
		if (method) found[p.name] = method;
	});
	return found;
}

/** Resource locators' "From List" search methods, by parameter name. */
function searchMethods(node: INodeType): Record<string, string> {
	const found: Record<string, string> = {};
	walk(node.description.properties, (p) => {
		for (const mode of p.modes ?? []) {
			const method = mode.typeOptions?.searchListMethod;
			if (method) found[p.name] = method;
		}
	});
	return found;
}

const nodes: Array<[string, INodeType]> = [
	['Sync Billing', new BdrSyncBilling()],
	['Open or Close Ticket', new BdrOpenOrCloseTicket()],
	['Map Customer', new BdrMapCustomer()],
	['Autotask Lookup', new BdrAutotaskLookup()],
];

describe('editor lists are wired to list methods', () => {
	it.each(nodes)('%s: each loadOptionsMethod exists on the node', (_name, node) => {
		const methods = listMethods(node);
		for (const [param, method] of Object.entries(methods)) {
			expect([param, typeof node.methods?.loadOptions?.[method]]).toEqual([param, 'function']);
		}
	});

	it.each(nodes)('%s: each resource locator search method exists on the node', (_name, node) => {
		for (const [param, method] of Object.entries(searchMethods(node))) {
			expect([param, typeof node.methods?.listSearch?.[method]]).toEqual([param, 'function']);
		}
	});

	it('Sync Billing: the service of a billing row is retrieved from Autotask (Retrieve Services List)', () => {
		expect(searchMethods(new BdrSyncBilling()).serviceId).toBe('searchServices');
	});

	it('Open or Close Ticket: queue, priority and statuses are retrieved from Autotask', () => {
		const methods = listMethods(new BdrOpenOrCloseTicket());
		for (const param of ['queue', 'priority', 'statusNew', 'statusComplete'])
			expect([param, methods[param]]).toEqual([param, expect.any(String)]);
	});
});
