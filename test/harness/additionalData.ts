/** The IWorkflowExecuteAdditionalData a harness run needs: hooks, credentials, fixed URLs. */
import type { ExecutionLifecycleHooks } from 'n8n-core';
import type { IRunExecutionData, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import type { ICredentialType } from 'n8n-workflow';

import { HarnessCredentialsHelper, type CredentialValues } from './credentialsHelper';

const BASE = 'http://127.0.0.1:5678';

function unsupported(what: string): never {
	throw new Error(`The engine harness does not support ${what}.`);
}

export function harnessAdditionalData(
	hooks: ExecutionLifecycleHooks,
	credentials: {
		credentials?: CredentialValues;
		credentialTypes?: Record<string, ICredentialType>;
	},
	executionId: string,
	extra: Partial<IWorkflowExecuteAdditionalData> = {},
): IWorkflowExecuteAdditionalData {
	const data = {
		hooks,
		executionId,
		credentialsHelper: new HarnessCredentialsHelper(
			credentials.credentials ?? {},
			credentials.credentialTypes,
		),
		executeWorkflow: async () => unsupported('sub-workflows (Execute Workflow)'),
		getRunExecutionData: async (): Promise<IRunExecutionData | undefined> => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: async () => unsupported('task runners (Code node)'),
		logAiEvent: () => {},
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: `${BASE}/rest`,
		instanceBaseUrl: `${BASE}/`,
		formBaseUrl: `${BASE}/form`,
		formWaitingBaseUrl: `${BASE}/form-waiting`,
		formTestBaseUrl: `${BASE}/form-test`,
		webhookBaseUrl: `${BASE}/webhook`,
		webhookWaitingBaseUrl: `${BASE}/webhook-waiting`,
		webhookTestBaseUrl: `${BASE}/webhook-test`,
		mcpBaseUrl: `${BASE}/mcp`,
		mcpTestBaseUrl: `${BASE}/mcp-test`,
		...extra,
	};
	return data as unknown as IWorkflowExecuteAdditionalData;
}
