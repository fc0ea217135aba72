/** Shapes shared by the Autotask client, its transports and the nodes. */

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface HttpRequest {
	method: HttpMethod;
	url: string;
	headers: Record<string, string>;
	body?: unknown;
}

export interface HttpResponse {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

/**
 * Sends one request. Resolves for every HTTP status (the client interprets it);
 * rejects only when no response arrived (network error, timeout).
 */
export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

export type ZoneChoice = 'auto' | 'custom' | string;

/** The credential's values as the client needs them. */
export interface AutotaskCredentials {
	username: string;
	secret: string;
	integrationCode: string;
	/** 'auto' (zoneInformation lookup), 'custom' (any URL, e.g. the sandbox) or an Autotask zone URL. */
	zone: ZoneChoice;
	/** Base URL ending in /ATServicesRest/V1.0 for 'custom'; ignored otherwise. */
	customUrl?: string;
}

export type FilterOp =
	| 'eq'
	| 'noteq'
	| 'gt'
	| 'gte'
	| 'lt'
	| 'lte'
	| 'beginsWith'
	| 'endsWith'
	| 'contains'
	| 'exist'
	| 'notExist'
	| 'in'
	| 'notIn';

export interface FilterCondition {
	op: FilterOp;
	field: string;
	value?: unknown;
	udf?: boolean;
}

export interface FilterGroup {
	op: 'and' | 'or';
	items: Filter[];
}

export type Filter = FilterCondition | FilterGroup;

export interface QueryOptions {
	filter: Filter[];
	includeFields?: string[];
	/** Stop after this many records (the client still pages at 500). */
	maxRecords?: number;
}

export interface PicklistValue {
	value: string;
	label: string;
	isActive: boolean;
	isDefaultValue: boolean;
	/** Autotask's own values (e.g. workflow-written note types): not for a client to pick as a default. */
	isSystem?: boolean;
	sortOrder: number;
	parentValue?: string | null;
}

export interface FieldInfo {
	name: string;
	dataType: string;
	length: number;
	isRequired: boolean;
	isReadOnly: boolean;
	isQueryable: boolean;
	isReference: boolean;
	referenceEntityType: string;
	isPickList: boolean;
	picklistValues: PicklistValue[] | null;
}

export type AutotaskRecord = Record<string, unknown> & { id: number };
