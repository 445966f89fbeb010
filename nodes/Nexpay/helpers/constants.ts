export const V2_PRODUCTION_URL = 'https://api.nexpay.com';
export const EUROWALLET_PRODUCTION_URL = 'https://api.globitex.com';
export const EUROWALLET_SANDBOX_URL = 'https://api-beta.tst.globitex.com';

export const V2_CREDENTIAL = 'nexpayApi';
export const EUROWALLET_CREDENTIAL = 'nexpayEuroWalletApi';

/** Base URL chosen in a credential: a named environment or the custom URL the user typed. */
export function baseUrlFromCredentials(
	credentials: { environment?: unknown; baseUrl?: unknown },
	environments: Record<string, string>,
): string {
	const environment = String(credentials.environment ?? '');
	const url = environment === 'custom' ? String(credentials.baseUrl ?? '') : environments[environment];
	if (!url) throw new Error(`Unknown Nexpay environment "${environment}"`);
	return url.trim().replace(/\/+$/, '');
}

export const V2_ENVIRONMENTS: Record<string, string> = { production: V2_PRODUCTION_URL };
export const EUROWALLET_ENVIRONMENTS: Record<string, string> = {
	production: EUROWALLET_PRODUCTION_URL,
	sandbox: EUROWALLET_SANDBOX_URL,
};
