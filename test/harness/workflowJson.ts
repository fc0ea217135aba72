/** The parts of an exported workflow JSON the harness reads (files in workflows/ or a test's own). */
import type { IConnections, IDataObject, INode, IWorkflowSettings } from 'n8n-workflow';

export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: Array<Omit<INode, 'id'> & { id?: string }>;
	connections: IConnections;
	settings?: IWorkflowSettings;
	staticData?: IDataObject | null;
}
