/**
 * A small client for n8n's internal REST API (`/rest/...`, what the editor uses), logged in with the
 * owner's cookie. n8n binds the auth cookie to a `browser-id` header, so every call sends the same one.
 */
import type { CredentialSpec, ImportedWorkflow } from './server';

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	finished?: boolean;
	startedAt?: string;
	stoppedAt?: string;
}

export interface ExecutionDetail extends ExecutionSummary {
	/** The run data, already unflattened: `resultData.runData[nodeName][run].data.main[output][item].json`, `resultData.error`. */
	data: any;
	workflowData?: any;
}

export class N8nRestError extends Error {
	constructor(
		readonly method: string,
		readonly path: string,
		readonly status: number,
		readonly body: string,
	) {
		super(`n8n REST ${method} ${path} answered ${status}: ${body.slice(0, 500)}`);
		this.name = 'N8nRestError';
	}
}

const BROWSER_ID = 'bdr-autotask-e2e';

export class N8nRestClient {
	private cookie = '';

	constructor(readonly baseUrl: string) {}

	/** Cookie header value (`n8n-auth=...`), e.g. to hand to a browser. */
	get authCookie(): string {
		return this.cookie;
	}

	async request<T = any>(method: string, path: string, body?: unknown): Promise<T> {
		const res = await fetch(`${this.baseUrl}/rest${path}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': BROWSER_ID,
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = res.headers.getSetCookie?.() ?? [];
		const auth = setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth;
		const text = await res.text();
		if (!res.ok) throw new N8nRestError(method, path, res.status, text);
		const json = text ? JSON.parse(text) : undefined;
		return (json && typeof json === 'object' && 'data' in json ? json.data : json) as T;
	}

	/** First start only: creates the owner account and keeps its session. */
	async setupOwner(owner: {
		email: string;
		password: string;
		firstName: string;
		lastName: string;
	}) {
		return this.request('POST', '/owner/setup', owner);
	}

	async login(email: string, password: string) {
		return this.request('POST', '/login', { emailOrLdapLoginId: email, password });
	}

	async createCredential(credential: CredentialSpec): Promise<string> {
		const created = await this.request<{ id: string }>('POST', '/credentials', credential);
		return created.id;
	}

	/** Runs a credential type's `test` request inside n8n (what the editor's "Test" button does). */
	async testCredential(credential: {
		id?: string;
		name: string;
		type: string;
		data: Record<string, unknown>;
	}): Promise<{ status: string; message: string }> {
		return this.request('POST', '/credentials/test', { credentials: credential });
	}

	/** Creates a workflow (ignoring any id/active/versionId in the JSON) and activates it when asked. */
	async importWorkflow(json: Record<string, any>, activate = true): Promise<ImportedWorkflow> {
		const { name, nodes, connections, settings, staticData, pinData, meta } = json;
		const created = await this.request<{ id: string; versionId: string; name: string }>(
			'POST',
			'/workflows',
			{
				name,
				nodes,
				connections,
				settings: settings ?? { executionOrder: 'v1' },
				...(staticData ? { staticData } : {}),
				...(pinData ? { pinData } : {}),
				...(meta ? { meta } : {}),
			},
		);
		if (!activate)
			return { id: created.id, name: created.name, active: false, versionId: created.versionId };
		const activated = await this.request<{ active: boolean; versionId: string }>(
			'POST',
			`/workflows/${created.id}/activate`,
			{
				versionId: created.versionId,
			},
		);
		await this.waitUntilLive(created.id, activated.versionId);
		return {
			id: created.id,
			name: created.name,
			active: activated.active,
			versionId: activated.versionId,
		};
	}

	/**
	 * n8n 2.41 publishes through an outbox worker: activation returns before the triggers are live
	 * (a production webhook answers 404 for a moment). Waits until every trigger of that version is up.
	 */
	async waitUntilLive(workflowId: string, versionId: string, timeoutMs = 60_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			let state: {
				status: string;
				liveVersionId: string | null;
				triggers: Array<{ nodeId: string; status: string; errorMessage?: string }>;
			};
			try {
				state = await this.request('GET', `/workflows/${workflowId}/publication-status`);
			} catch (error) {
				if (error instanceof N8nRestError && error.status === 404) return; // publication service off: activation is synchronous
				throw error;
			}
			if (state.status === 'failed' || state.status === 'partial') {
				const reasons = state.triggers
					.filter((t) => t.status === 'failed')
					.map((t) => `node ${t.nodeId}: ${t.errorMessage ?? 'no message'}`);
				throw new Error(
					`n8n could not activate workflow ${workflowId} (${state.status}): ${reasons.join('; ')}`,
				);
			}
			if (state.status === 'published' && state.liveVersionId === versionId) return;
			if (Date.now() > deadline)
				throw new Error(
					`workflow ${workflowId} was not live ${timeoutMs / 1000}s after activation (last status ${JSON.stringify(state)})`,
				);
			await new Promise((r) => setTimeout(r, 200));
		}
	}

	/** Every node type the editor sees (served beside the REST API at /types/nodes.json, login needed). */
	async nodeTypes(): Promise<
		Array<{
			name: string;
			displayName: string;
			version: number | number[];
			icon?: unknown;
			iconUrl?: unknown;
		}>
	> {
		const res = await fetch(`${this.baseUrl}/types/nodes.json`, {
			headers: { 'browser-id': BROWSER_ID, cookie: this.cookie },
		});
		const text = await res.text();
		if (!res.ok) throw new N8nRestError('GET', '/types/nodes.json', res.status, text);
		return JSON.parse(text);
	}

	async listWorkflows(): Promise<Array<{ id: string; name: string; active: boolean }>> {
		return this.request('GET', '/workflows');
	}

	/** Newest first. */
	async listExecutions(
		filter: { workflowId?: string; status?: string[] } = {},
		limit = 100,
	): Promise<ExecutionSummary[]> {
		const query = new URLSearchParams({ filter: JSON.stringify(filter), limit: String(limit) });
		const page = await this.request<{ results: ExecutionSummary[] }>('GET', `/executions?${query}`);
		return page.results;
	}

	async getExecution(id: string): Promise<ExecutionDetail> {
		const raw = await this.request<any>('GET', `/executions/${id}`);
		return { ...raw, data: typeof raw.data === 'string' ? parseFlatted(raw.data) : raw.data };
	}

	/** Retries a failed execution (with the workflow as saved then, or the current one with loadWorkflow). */
	async retryExecution(id: string, loadWorkflow = false): Promise<unknown> {
		return this.request('POST', `/executions/${id}/retry`, { loadWorkflow });
	}

	/** Polls until `predicate` accepts the executions list (newest first); returns that list. */
	async waitForExecutions(
		predicate: (executions: ExecutionSummary[]) => boolean,
		options: { workflowId?: string; timeoutMs?: number } = {},
	): Promise<ExecutionSummary[]> {
		const deadline = Date.now() + (options.timeoutMs ?? 30_000);
		for (;;) {
			const list = await this.listExecutions(
				options.workflowId ? { workflowId: options.workflowId } : {},
			);
			if (predicate(list)) return list;
			if (Date.now() > deadline) {
				throw new Error(
					`n8n executions did not reach the expected state in time; last seen: ${JSON.stringify(list.slice(0, 5))}`,
				);
			}
			await new Promise((r) => setTimeout(r, 250));
		}
	}
}

/**
 * Reads n8n's stored execution data, written with the `flatted` format: a JSON array whose first
 * entry is the root; every string inside an object or array is the index of another entry
 * (so shared and circular references survive), other primitives are inline.
 */
export function parseFlatted(text: string): unknown {
	const entries = JSON.parse(text) as unknown[];
	const revived = new Map<number, unknown>();
	const resolve = (index: number): unknown => {
		const entry = entries[index];
		if (entry === null || typeof entry !== 'object') return entry;
		if (revived.has(index)) return revived.get(index);
		const target: any = Array.isArray(entry) ? [] : {};
		revived.set(index, target);
		for (const [key, value] of Object.entries(entry as object)) {
			// defineProperty: a key named "__proto__" stays data instead of replacing the prototype
			Object.defineProperty(target, key, {
				value: typeof value === 'string' ? resolve(Number(value)) : value,
				enumerable: true,
				writable: true,
				configurable: true,
			});
		}
		return target;
	};
	return resolve(0);
}
