// An n8n workflow: Manual Trigger → AI Agent, with an OpenAI Chat Model (the local stub's credential)
// and the Nexpay node as its one tool ("n8n-nodes-nexpay.nexpayTool").
import { CREDENTIAL_IDS, type WorkflowJson } from '../harness';

export const OPENAI_CREDENTIAL = { id: 'OpenAiStubCred1', name: 'OpenAI (local stub)' };

export function agentWorkflow(id: string, question: string, toolParameters: Record<string, unknown>, credential: 'nexpayApi' | 'nexpayEuroWalletApi'): WorkflowJson {
	const credentialNames = { nexpayApi: 'Nexpay API (local sandbox)', nexpayEuroWalletApi: 'Nexpay EuroWallet API (local sandbox)' };
	return {
		id,
		name: `E2E agent: ${question}`,
		nodes: [
			{ parameters: {}, id: `${id}-1`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] },
			{
				parameters: { promptType: 'define', text: question, options: {} },
				id: `${id}-2`,
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: 3.1,
				position: [220, 0],
			},
			{
				parameters: { model: { __rl: true, mode: 'id', value: 'gpt-stub' }, options: {} },
				id: `${id}-3`,
				name: 'OpenAI Chat Model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.2,
				position: [120, 200],
				credentials: { openAiApi: OPENAI_CREDENTIAL },
			},
			{
				parameters: toolParameters,
				id: `${id}-4`,
				name: 'Nexpay',
				type: 'n8n-nodes-nexpay.nexpayTool',
				typeVersion: 1,
				position: [320, 200],
				credentials: { [credential]: { id: CREDENTIAL_IDS[credential], name: credentialNames[credential] } },
			},
		],
		connections: {
			Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'OpenAI Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
			Nexpay: { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

