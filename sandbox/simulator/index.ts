/** The BDR device simulator's programmatic API (tests, benchmarks, the demo). */
export {
	demoCustomers,
	makeEvent,
	type EventKind,
	type MakeEventOptions,
	type SimCustomer,
} from './events';
export {
	EXPECTED_STATUS,
	FLAWS,
	signedRequest,
	type RequestFlaw,
	type SimRequest,
} from './request';
export { signatureHeaders } from './sign';
export {
	planStep,
	runScenario,
	SCENARIOS,
	type ScenarioName,
	type ScenarioOptions,
	type SentRecord,
} from './scenarios';
