import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	IHttpRequestOptions,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { V2_PRODUCTION_URL } from '../nodes/Nexpay/helpers/constants';

export class NexpayApi implements ICredentialType {
	name = 'nexpayApi';

	displayName = 'Nexpay API';

	icon: Icon = { light: 'file:nexpay.svg', dark: 'file:nexpay.dark.svg' };

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-nexpay#nexpay-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production', description: V2_PRODUCTION_URL },
				{ name: 'Custom Base URL', value: 'custom', description: 'A sandbox, proxy or emulator' },
			],
			default: 'production',
			description: 'Which Nexpay v2 API the key belongs to',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'http://127.0.0.1:4010',
			description: 'Root URL of the v2 API, without /v2',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API key from the Nexpay Dashboard (Settings → Developers). Sent as "Authorization: ApiKey …".',
		},
	];

	// A function, not a templated header: n8n would run its expression engine for the template on every request.
	// A field, not a method: n8n lists credential types by copying their own properties, and a method would be
	// lost there (the HTTP Request node would not offer this credential, and the editor would hide Resource).
	authenticate = async (credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> => ({
		...requestOptions,
		headers: { ...requestOptions.headers, Authorization: `ApiKey ${String(credentials.apiKey ?? '').trim()}` },
	});

	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ $credentials.environment === 'custom' ? String($credentials.baseUrl).replace(/\\/+$/, '') : '${V2_PRODUCTION_URL}' }}`,
			url: '/v2/payments',
			method: 'GET',
			qs: { limit: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Nexpay rejected the API key [AUT0003]: check the key and that the environment matches it',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'The API key is valid but may not read payments [GEN9004]: check its permissions in the Nexpay Dashboard',
				},
			},
		],
	};
}
