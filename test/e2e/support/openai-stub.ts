// A local stand-in for an OpenAI-compatible chat-completions server (POST /v1/chat/completions) on
// 127.0.0.1: the test scripts the model. The first turn of a conversation calls the only tool offered
// with the scripted arguments; once a tool result is in the conversation, the model answers with it
// verbatim, so the agent's answer carries what the tool returned. Streaming and plain answers both.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface ChatMessage {
	role: string;
	content?: unknown;
	tool_calls?: unknown[];
	tool_call_id?: string;
}

interface ChatRequest {
	model?: string;
	messages?: ChatMessage[];
	tools?: Array<{ type: string; function: { name: string; parameters?: unknown } }>;
	stream?: boolean;
}

export interface ScriptedTurn {
	/** Picks the script by the user's question. */
	when: RegExp;
	/** Arguments of the tool call the model makes (or made from the question's match). */
	toolArguments: Record<string, unknown> | ((match: RegExpMatchArray) => Record<string, unknown>);
}

export interface OpenAiStub {
	/** Base URL to give n8n's OpenAI credential ("http://127.0.0.1:PORT/v1"). */
	baseUrl: string;
	/** Every request body received, in order. */
	requests: ChatRequest[];
	close(): Promise<void>;
}

function text(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((part) => (typeof part === 'string' ? part : String((part as { text?: unknown }).text ?? ''))).join('');
	return '';
}

function reply(request: ChatRequest, script: ScriptedTurn[]): { content: string | null; toolCalls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }> } {
	const messages = request.messages ?? [];
	const toolResults = messages.filter((message) => message.role === 'tool');
	if (toolResults.length > 0) return { content: `Result from Nexpay: ${text(toolResults[toolResults.length - 1].content)}` };
	const question = text([...messages].reverse().find((message) => message.role === 'user')?.content);
	const turn = script.find((candidate) => candidate.when.test(question));
	const tool = request.tools?.[0]?.function.name;
	if (!turn || !tool) return { content: `No script for: ${question}` };
	const args = typeof turn.toolArguments === 'function' ? turn.toolArguments(question.match(turn.when)!) : turn.toolArguments;
	return { content: null, toolCalls: [{ id: 'call_1', type: 'function', function: { name: tool, arguments: JSON.stringify(args) } }] };
}

export async function startOpenAiStub(script: ScriptedTurn[]): Promise<OpenAiStub> {
	const requests: ChatRequest[] = [];
	const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
				res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
				return;
			}
			const request = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as ChatRequest;
			requests.push(request);
			const { content, toolCalls } = reply(request, script);
			const base = { id: `chatcmpl-${requests.length}`, created: Math.floor(Date.now() / 1000), model: request.model ?? 'stub' };
			const finish = toolCalls ? 'tool_calls' : 'stop';
			if (request.stream) {
				res.writeHead(200, { 'content-type': 'text/event-stream' });
				const send = (choice: unknown) => res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [choice] })}\n\n`);
				const delta = toolCalls
					? { role: 'assistant', content: null, tool_calls: toolCalls.map((call, index) => ({ index, ...call })) }
					: { role: 'assistant', content };
				send({ index: 0, delta, finish_reason: null });
				send({ index: 0, delta: {}, finish_reason: finish });
				res.end('data: [DONE]\n\n');
				return;
			}
			res.writeHead(200, { 'content-type': 'application/json' }).end(
				JSON.stringify({
					...base,
					object: 'chat.completion',
					choices: [{ index: 0, message: { role: 'assistant', content, ...(toolCalls ? { tool_calls: toolCalls } : {}) }, finish_reason: finish }],
					usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
				}),
			);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}/v1`,
		requests,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
