import { searchCompanies } from './companies';
import { credentialTest } from './credentialTest';
import { searchContracts } from './contracts';
import { getServices, searchServices } from './services';
import {
	getIssueTypes,
	getPriorities,
	getQueues,
	getSources,
	getSubIssueTypes,
	getTicketStatuses,
} from './ticketSettingLists';
import { getWorkTypes } from './workTypes';

/** The Autotask credential's test, for `methods.credentialTest` of every node with `testedBy: 'bdrAutotaskApiTest'`. */
export { credentialTest };

/** Editor lists shared by every node (the Axcient guide's "Retrieve…" buttons). */
export const listSearch = { searchCompanies, searchContracts, searchServices };

export const loadOptions = {
	getServices,
	getQueues,
	getPriorities,
	getTicketStatuses,
	getIssueTypes,
	getSubIssueTypes,
	getSources,
	getWorkTypes,
};
