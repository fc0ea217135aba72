/**
 * Entity definitions: fields (type, length, required, read-only, picklist), the verbs each entity
 * allows and its child-collection URLs. Follows the Autotask REST entity pages for the fields this
 * package and common clients use; fields not listed here are refused as unknown (as Autotask does).
 */

export type DataType =
	| 'integer'
	| 'long'
	| 'string'
	| 'boolean'
	| 'datetime'
	| 'decimal'
	| 'double';

export interface FieldDef {
	name: string;
	dataType: DataType;
	length?: number;
	required?: boolean;
	readOnly?: boolean;
	reference?: string;
	/** Key into the tenant's picklists (`Entity.field`); set by `pick()`. */
	picklist?: string;
	/** For dependent picklists (subIssueType): the field whose value is the parentValue. */
	picklistParent?: string;
	/** Values marked isSystem are Autotask's own (set by workflows), not for a client to write. */
	userChoiceOnly?: boolean;
	defaultValue?: unknown;
}

export interface EntityDef {
	name: string;
	fields: FieldDef[];
	canCreate: boolean;
	canUpdate: boolean;
	canQuery: boolean;
	canDelete: boolean;
	hasUserDefinedFields: boolean;
	/** Created only through its parent's child URL (`Tickets/{id}/Notes`); `POST /{name}` has no route. */
	createOnlyAsChild?: boolean;
	/** First id handed out for this entity; different bases keep ids of different entities apart. */
	idBase: number;
}

/** `POST /{parent}/{id}/{sub}` creates an `entity` whose `parentField` is the parent id. */
export interface ChildPath {
	parent: string;
	sub: string;
	entity: string;
	parentField: string;
}

const id = (): FieldDef => ({ name: 'id', dataType: 'long', readOnly: true });
const int = (name: string, extra: Partial<FieldDef> = {}): FieldDef => ({
	name,
	dataType: 'integer',
	...extra,
});
const str = (name: string, length: number, extra: Partial<FieldDef> = {}): FieldDef => ({
	name,
	dataType: 'string',
	length,
	...extra,
});
const bool = (name: string, extra: Partial<FieldDef> = {}): FieldDef => ({
	name,
	dataType: 'boolean',
	...extra,
});
const date = (name: string, extra: Partial<FieldDef> = {}): FieldDef => ({
	name,
	dataType: 'datetime',
	...extra,
});
const dec = (name: string, extra: Partial<FieldDef> = {}): FieldDef => ({
	name,
	dataType: 'decimal',
	...extra,
});
const ref = (name: string, entity: string, extra: Partial<FieldDef> = {}): FieldDef => ({
	name,
	dataType: 'integer',
	reference: entity,
	...extra,
});
const pick = (entity: string, name: string, extra: Partial<FieldDef> = {}): FieldDef => ({
	name,
	dataType: 'integer',
	picklist: `${entity}.${name}`,
	...extra,
});

const verbs = (v: string) => ({
	canCreate: v.includes('C'),
	canQuery: v.includes('R'),
	canUpdate: v.includes('U'),
	canDelete: v.includes('D'),
});

const defs: EntityDef[] = [
	{
		name: 'Companies',
		...verbs('CRU'),
		hasUserDefinedFields: true,
		idBase: 301,
		fields: [
			id(),
			str('companyName', 100, { required: true }),
			pick('Companies', 'companyType', { required: true }),
			bool('isActive', { defaultValue: true }),
			str('phone', 25, { required: true }),
			ref('ownerResourceID', 'Resources', { required: true }),
			str('companyNumber', 50),
			str('webAddress', 255),
			str('address1', 128),
			str('city', 50),
			str('postalCode', 20),
			ref('parentCompanyID', 'Companies'),
			date('createDate', { readOnly: true }),
			date('lastActivityDate', { readOnly: true }),
		],
	},
	{
		name: 'CompanyNotes',
		...verbs('CRU'),
		hasUserDefinedFields: false,
		idBase: 5100,
		fields: [
			id(),
			ref('companyID', 'Companies', { required: true }),
			str('title', 250),
			str('description', 32000, { required: true }),
			pick('CompanyNotes', 'actionType', { required: true }),
			date('createDateTime', { readOnly: true }),
			date('lastModifiedDate', { readOnly: true }),
		],
	},
	{
		name: 'Resources',
		...verbs('RU'),
		hasUserDefinedFields: false,
		idBase: 29682885,
		fields: [
			id(),
			str('firstName', 50),
			str('lastName', 50),
			str('email', 254),
			str('userName', 32),
			bool('isActive'),
			str('resourceType', 20),
			pick('Resources', 'licenseType'),
		],
	},
	{
		name: 'BillingCodes',
		...verbs('R'),
		hasUserDefinedFields: false,
		idBase: 29682800,
		fields: [id(), str('name', 200), int('billingCodeType'), int('useType'), bool('isActive')],
	},
	{
		name: 'Contracts',
		...verbs('CRU'),
		hasUserDefinedFields: true,
		idBase: 29684100,
		fields: [
			id(),
			ref('companyID', 'Companies', { required: true }),
			str('contractName', 100, { required: true }),
			pick('Contracts', 'contractType', { required: true }),
			pick('Contracts', 'status', { required: true }),
			date('startDate', { required: true }),
			date('endDate', { required: true }),
			bool('isDefaultContract', { defaultValue: false }),
			pick('Contracts', 'contractPeriodType'),
			pick('Contracts', 'billingPreference'),
			str('contractNumber', 50),
			str('description', 2000),
			bool('timeReportingRequiresStartAndStopTimes', { defaultValue: false }),
			date('lastModifiedDateTime', { readOnly: true }),
		],
	},
	{
		name: 'ContractNotes',
		...verbs('CRU'),
		hasUserDefinedFields: false,
		idBase: 30100,
		createOnlyAsChild: true,
		fields: [
			id(),
			ref('contractID', 'Contracts', { required: true }),
			str('title', 250, { required: true }),
			str('description', 8000, { required: true }),
			date('createDateTime', { readOnly: true }),
			date('lastActivityDate', { readOnly: true }),
			ref('creatorResourceID', 'Resources', { readOnly: true }),
		],
	},
	{
		name: 'Services',
		...verbs('CRU'),
		hasUserDefinedFields: false,
		idBase: 29683600,
		fields: [
			id(),
			str('name', 150, { required: true }),
			str('description', 400),
			str('invoiceDescription', 1000),
			pick('Services', 'periodType', { required: true }),
			dec('unitPrice'),
			dec('unitCost'),
			ref('billingCodeID', 'BillingCodes', { required: true }),
			bool('isActive', { defaultValue: true }),
			ref('vendorCompanyID', 'Companies'),
			str('sku', 50),
			str('catalogNumberPartNumber', 50),
			date('lastModifiedDate', { readOnly: true }),
		],
	},
	{
		name: 'ServiceBundles',
		...verbs('CRU'),
		hasUserDefinedFields: false,
		idBase: 29683700,
		fields: [
			id(),
			str('name', 150, { required: true }),
			str('description', 400),
			{
				...pick('ServiceBundles', 'periodType', { required: true }),
				picklist: 'Services.periodType',
			},
			dec('unitPrice'),
			dec('unitCost'),
			ref('billingCodeID', 'BillingCodes'),
			bool('isActive', { defaultValue: true }),
		],
	},
	{
		name: 'ServiceBundleServices',
		...verbs('CRD'),
		hasUserDefinedFields: false,
		idBase: 41000,
		fields: [
			id(),
			ref('serviceBundleID', 'ServiceBundles', { required: true }),
			ref('serviceID', 'Services', { required: true }),
		],
	},
	{
		name: 'ContractServices',
		...verbs('CRU'),
		hasUserDefinedFields: false,
		idBase: 52000,
		fields: [
			id(),
			ref('contractID', 'Contracts', { required: true }),
			ref('serviceID', 'Services', { required: true }),
			dec('unitPrice'),
			dec('unitCost'),
			dec('adjustedPrice'),
			str('invoiceDescription', 1000),
			str('internalDescription', 100),
			dec('internalCurrencyUnitPrice', { readOnly: true }),
			dec('internalCurrencyAdjustedPrice', { readOnly: true }),
			ref('quoteItemID', 'QuoteItems'),
		],
	},
	{
		// Create only: a unit delta from an effective date; cannot be read back.
		name: 'ContractServiceAdjustments',
		...verbs('C'),
		hasUserDefinedFields: false,
		idBase: 61000,
		fields: [
			id(),
			ref('contractID', 'Contracts', { required: true }),
			ref('serviceID', 'Services'),
			ref('contractServiceID', 'ContractServices'),
			date('effectiveDate', { required: true }),
			int('unitChange', { required: true }),
			dec('adjustedUnitPrice'),
			dec('adjustedUnitCost'),
			bool('allowRepeatService'),
			ref('quoteItemID', 'QuoteItems'),
		],
	},
	{
		// Query only: one row per period, split at each adjustment's effective date.
		name: 'ContractServiceUnits',
		...verbs('R'),
		hasUserDefinedFields: false,
		idBase: 700000,
		fields: [
			id(),
			ref('contractID', 'Contracts'),
			ref('contractServiceID', 'ContractServices'),
			ref('serviceID', 'Services'),
			date('startDate'),
			date('endDate'),
			int('units'),
			dec('price'),
			dec('cost'),
			date('approveAndPostDate'),
			dec('internalCurrencyPrice'),
			ref('vendorCompanyID', 'Companies'),
		],
	},
	{
		name: 'ContractServiceBundles',
		...verbs('CRU'),
		hasUserDefinedFields: false,
		idBase: 53000,
		fields: [
			id(),
			ref('contractID', 'Contracts', { required: true }),
			ref('serviceBundleID', 'ServiceBundles', { required: true }),
			dec('unitPrice'),
			dec('adjustedPrice'),
			str('invoiceDescription', 1000),
		],
	},
	{
		name: 'Tickets',
		...verbs('CRU'),
		hasUserDefinedFields: true,
		idBase: 7400001,
		fields: [
			id(),
			str('ticketNumber', 50, { readOnly: true }),
			ref('companyID', 'Companies', { required: true }),
			ref('contractID', 'Contracts'),
			str('title', 255, { required: true }),
			str('description', 8000),
			pick('Tickets', 'status', { required: true }),
			pick('Tickets', 'priority', { required: true }),
			pick('Tickets', 'queueID'),
			ref('assignedResourceID', 'Resources'),
			int('assignedResourceRoleID'),
			pick('Tickets', 'issueType'),
			pick('Tickets', 'subIssueType', { picklistParent: 'issueType' }),
			pick('Tickets', 'source'),
			pick('Tickets', 'ticketType'),
			pick('Tickets', 'ticketCategory'),
			ref('billingCodeID', 'BillingCodes'),
			date('dueDateTime'),
			str('externalID', 50),
			str('rmmAlertID', 50),
			ref('configurationItemID', 'ConfigurationItems'),
			date('completedDate', { readOnly: true }),
			ref('completedByResourceID', 'Resources', { readOnly: true }),
			date('createDate', { readOnly: true }),
			ref('creatorResourceID', 'Resources', { readOnly: true }),
			date('lastActivityDate', { readOnly: true }),
			str('resolution', 32000),
		],
	},
	{
		// title is required only where the ticket category says so (tenant setting requireTicketNoteTitle).
		name: 'TicketNotes',
		...verbs('CRU'),
		hasUserDefinedFields: false,
		idBase: 31000001,
		createOnlyAsChild: true,
		fields: [
			id(),
			ref('ticketID', 'Tickets', { required: true }),
			str('title', 250),
			str('description', 32000, { required: true }),
			pick('TicketNotes', 'noteType', { required: true, userChoiceOnly: true }),
			pick('TicketNotes', 'publish', { required: true, userChoiceOnly: true }),
			date('createDateTime', { readOnly: true }),
			date('lastActivityDate', { readOnly: true }),
			ref('creatorResourceID', 'Resources', { readOnly: true }),
		],
	},
];

export const ENTITIES: ReadonlyMap<string, EntityDef> = new Map(defs.map((d) => [d.name, d]));

export const CHILD_PATHS: ChildPath[] = [
	{ parent: 'Companies', sub: 'Notes', entity: 'CompanyNotes', parentField: 'companyID' },
	{ parent: 'Contracts', sub: 'Notes', entity: 'ContractNotes', parentField: 'contractID' },
	{ parent: 'Contracts', sub: 'Services', entity: 'ContractServices', parentField: 'contractID' },
	{
		parent: 'Contracts',
		sub: 'ServiceAdjustments',
		entity: 'ContractServiceAdjustments',
		parentField: 'contractID',
	},
	{
		parent: 'Contracts',
		sub: 'ServiceUnits',
		entity: 'ContractServiceUnits',
		parentField: 'contractID',
	},
	{
		parent: 'Contracts',
		sub: 'ServiceBundles',
		entity: 'ContractServiceBundles',
		parentField: 'contractID',
	},
	{
		parent: 'ServiceBundles',
		sub: 'Services',
		entity: 'ServiceBundleServices',
		parentField: 'serviceBundleID',
	},
	{ parent: 'Tickets', sub: 'Notes', entity: 'TicketNotes', parentField: 'ticketID' },
];

const lower = new Map([...ENTITIES.keys()].map((n) => [n.toLowerCase(), n]));

/** Entity names in URLs are matched case-insensitively; returns the canonical name. */
export function entityNamed(name: string): EntityDef | undefined {
	const canonical = lower.get(name.toLowerCase());
	return canonical ? ENTITIES.get(canonical) : undefined;
}

export function childPath(parent: string, sub: string): ChildPath | undefined {
	return CHILD_PATHS.find((c) => c.parent === parent && c.sub.toLowerCase() === sub.toLowerCase());
}

export function fieldNamed(entity: EntityDef, name: string): FieldDef | undefined {
	const wanted = name.toLowerCase();
	return entity.fields.find((f) => f.name.toLowerCase() === wanted);
}
