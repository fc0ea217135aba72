import { searchCompanies } from './companies';
import { credentialTest } from './credentialTest';
import { getContractsOfCompany } from './contracts';
import { getServices, searchServices } from './services';
import { getIssueTypes, getPriorities, getQueues, getSources, getSubIssueTypes, getTicketStatuses } from './ticketSettingLists';
import { getWorkTypes } from './workTypes';

/** The Autotask credential's test, for `methods.credentialTest` of every node with `testedBy: 'bdrAutotaskApiTest'`. */
export { credentialTest };

/** Editor lists shared by every node (the Axcient guide's "Retrieve…" buttons). */
export const listSearch = { searchCompanies, searchServices };

export const loadOptions = {
	getContractsOfCompany,
	getServices,
	getQueues,
	getPriorities,
	getTicketStatuses,
	getIssueTypes,
	getSubIssueTypes,
	getSources,
	getWorkTypes,
};
