import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestHelper,
} from 'n8n-workflow';

import { runNode } from '../rig';
import type { EchoServer } from './echo-server';
import { startEchoServer } from './echo-server';
import { RigGenericApi } from './fixtures/credentials';

/** A session-token credential: n8n calls preAuthentication while the token is empty. */
class RigSessionApi implements ICredentialType {
	name = 'rigSessionApi';
	displayName = 'Rig Session API';
	properties: ICredentialType['properties'] = [
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
		{ displayName: 'Session', name: 'session', type: 'hidden', typeOptions: { expirable: true }, default: '' },
	];
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const { token } = (await this.helpers.httpRequest({ url: `${credentials.baseUrl as string}/token`, json: true })) as { token: string };
		return { session: token };
	}
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.session}}' } },
	};
}

let server: EchoServer;
beforeAll(async () => {
	server = await startEchoServer();
	server.route('/token', () => ({ body: { token: 'tok-1' } }));
});
afterAll(async () => await server.close());

describe('RigCredentialsHelper', () => {
	it('resolves expressions stored in credential data, as n8n does', async () => {
		const { error } = await runNode({
			credentialTypes: [new RigGenericApi()],
			credentials: { rigGenericApi: { apiKey: '={{ "key-" + (1 + 2) }}' } },
			node: { type: 'rig.httpProbe', parameters: { credentialType: 'rigGenericApi', url: `${server.url}/x` } },
		});

		expect(error).toBeUndefined();
		expect(server.last().headers.authorization).toBe('ApiKey key-3');
	});

	it('runs preAuthentication for an empty expirable field and stores the result', async () => {
		const { error, result } = await runNode({
			credentialTypes: [new RigSessionApi()],
			credentials: { rigSessionApi: { baseUrl: server.url, session: '' } },
			node: { type: 'rig.httpProbe', parameters: { credentialType: 'rigSessionApi', url: `${server.url}/x` } },
		});

		expect(error).toBeUndefined();
		expect(server.last().headers.authorization).toBe('Bearer tok-1');
		expect(result.credentialsHelper.updates).toEqual([
			{ type: 'rigSessionApi', data: { baseUrl: server.url, session: 'tok-1' } },
		]);
	});
});
