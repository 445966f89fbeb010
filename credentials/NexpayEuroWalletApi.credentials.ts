import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { EUROWALLET_PRODUCTION_URL, EUROWALLET_SANDBOX_URL } from '../nodes/Nexpay/helpers/constants';
import { signEuroWalletRequest } from '../nodes/Nexpay/helpers/signing';

export class NexpayEuroWalletApi implements ICredentialType {
	name = 'nexpayEuroWalletApi';

	displayName = 'Nexpay EuroWallet API';

	icon: Icon = { light: 'file:nexpay.svg', dark: 'file:nexpay.dark.svg' };

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-nexpay#nexpay-eurowallet-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production', description: EUROWALLET_PRODUCTION_URL },
				{ name: 'Sandbox', value: 'sandbox', description: EUROWALLET_SANDBOX_URL },
				{ name: 'Custom Base URL', value: 'custom', description: 'A proxy or emulator' },
			],
			default: 'production',
			description: 'Keys from a sandbox account only work in Sandbox, and production keys only in Production',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'http://127.0.0.1:4010',
			description: 'Root URL of the EuroWallet API, without /api',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API key from the web application Settings page (sent as X-API-KEY)',
		},
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Signs every request (HMAC-SHA512). Never sent over the wire.',
		},
		{
			displayName: 'Transaction Signing Secret',
			name: 'transactionSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The separate "outgoing transaction message signing" secret. Needed only to create payments; never sent over the wire.',
		},
	];

	// A function, not a generic header map: each request needs a fresh nonce and an HMAC over its own path and
	// parameters. A field, not a method: n8n lists credential types by copying their own properties, and a
	// method would be lost there (the HTTP Request node would not offer this credential).
	authenticate = async (credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> =>
		signEuroWalletRequest(
			{ apiKey: String(credentials.apiKey ?? '').trim(), secretKey: String(credentials.secretKey ?? '').trim() },
			requestOptions,
		);

	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ $credentials.environment === 'custom' ? String($credentials.baseUrl).replace(/\\/+$/, '') : ($credentials.environment === 'sandbox' ? '${EUROWALLET_SANDBOX_URL}' : '${EUROWALLET_PRODUCTION_URL}') }}`,
			url: '/api/1/eurowallet/status',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Nexpay refused the request (codes 10–121): check the API key and secret key, that the key is enabled, and that the environment matches it',
				},
			},
		],
	};
}
