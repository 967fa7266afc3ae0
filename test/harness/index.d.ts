/** Types of the in-process workflow harness (implementation and docs: ./index.js). */
import type { ICredentialDataDecryptedObject, INodeExecutionData, IRun, IRunData } from 'n8n-workflow';

export type ItemInput = INodeExecutionData | Record<string, unknown>;

export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: Array<Record<string, any>>;
	connections?: Record<string, any>;
	pinData?: Record<string, INodeExecutionData[]>;
	settings?: Record<string, unknown>;
	staticData?: Record<string, unknown>;
}

export interface RunResult {
	status: string;
	finished?: boolean;
	/** Workflow-level error (a node threw), if any. */
	error: (Error & { description?: string; context?: Record<string, unknown> }) | undefined;
	result: IRun;
	runData: IRunData;
	/** Per node: outputs of its last run (one array per output). */
	outputs: Record<string, INodeExecutionData[][]>;
	executionOrder: string[];
	items(nodeName: string, output?: number): INodeExecutionData[];
	nodeError(nodeName: string): (Error & { description?: string; context?: Record<string, unknown> }) | undefined;
}

export function runWorkflow(options: {
	workflow: WorkflowJson;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	startItems?: ItemInput[];
	startNode?: string;
	mode?: string;
}): Promise<RunResult>;

export function runNode(options: {
	type: string;
	parameters?: Record<string, unknown>;
	items?: ItemInput[];
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	continueOnFail?: boolean;
	onError?: 'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow';
	typeVersion?: number;
	name?: string;
	nodeCredentials?: Record<string, { id: string; name: string }>;
}): Promise<{
	items: INodeExecutionData[];
	outputs: INodeExecutionData[][];
	error: (Error & { description?: string; context?: Record<string, unknown> }) | undefined;
	run: RunResult;
}>;

export function testCredential(
	type: string,
	data: ICredentialDataDecryptedObject,
): Promise<{ status: 'OK' | 'Error'; message: string; statusCode?: number }>;

export function loadTypes(): { nodes: Map<string, any>; credentials: Map<string, any>; errors: Error[] };
export function resolveType(type: string): string;
export const PACKAGE_NAME: string;
/** Requests as produced by credential `authenticate` (Authorization values redacted). */
export function getAuthenticatedRequests(): Array<{ method?: string; url: string; baseURL?: string; headers: Record<string, unknown> }>;
export function resetAuthenticatedRequests(): void;
