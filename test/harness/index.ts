/** The engine harness: run workflow JSON through n8n-core with this package's nodes. */
export { runWorkflow, type RunOptions, type RunResult } from './runWorkflow';
export { runWebhook, type WebhookRequest, type WebhookResult } from './runWebhook';
export { credentialsFor, type SandboxLike } from './credentialsFor';
export {
	credentialTestFunction,
	testCredential,
	type CredentialTestOptions,
} from './credentialTest';
export { coreNodeStandIns } from './coreNodeStandIns';
export type { WorkflowJson } from './workflowJson';
