import type { INode } from 'n8n-workflow';

import { ssrfRefusal } from '../../nodes/Nexpay/helpers/errors';

const node: INode = { id: '1', name: 'Nexpay', type: 'n8n-nodes-nexpay.nexpay', typeVersion: 1, position: [0, 0], parameters: {} };
const blockedIp = (extra: Record<string, unknown> = {}) =>
	Object.assign(new Error('The request was blocked because it resolves to a restricted IP address'), { name: 'SsrfBlockedIpError', ...extra });

describe('n8n SSRF refusals', () => {
	it('names the address and the setting that allows it, from the error or the Base URL', () => {
		const fromUrl = ssrfRefusal(node, new Error('The request was blocked because it resolves to a restricted IP address'), 0, 'http://127.0.0.1:4010')!;
		expect(fromUrl.message).toBe("n8n's SSRF protection blocked the request to 127.0.0.1: a private or local address");
		expect(fromUrl.description).toContain('adds 127.0.0.1/32 to N8N_SSRF_ALLOWED_IP_RANGES and restarts n8n');

		const byName = ssrfRefusal(node, blockedIp({ ip: '10.1.2.3', hostname: 'nexpay.internal' }))!;
		expect(byName.message).toBe("n8n's SSRF protection blocked the request to nexpay.internal (10.1.2.3): a private or local address");
		expect(byName.description).toContain('adds 10.1.2.3/32 to N8N_SSRF_ALLOWED_IP_RANGES (or nexpay.internal to N8N_SSRF_ALLOWED_HOSTNAMES)');

		const v6 = ssrfRefusal(node, { cause: blockedIp() } as never, undefined, 'http://[::1]:4010');
		expect(v6).toBeUndefined(); // not an Error: nothing to recognise
		const wrapped = Object.assign(new Error('request failed'), { cause: blockedIp() });
		expect(ssrfRefusal(node, wrapped, undefined, 'http://[::1]:4010')!.description).toContain('adds ::1/128 to N8N_SSRF_ALLOWED_IP_RANGES');
	});

	it('leaves every other error alone', () => {
		expect(ssrfRefusal(node, new Error('socket hang up'), 0, 'http://127.0.0.1:4010')).toBeUndefined();
		expect(ssrfRefusal(node, 'The request was blocked', 0)).toBeUndefined();
	});
});
