'use strict';
// n8n's internal REST API (/rest, cookie auth) and public API (/api/v1, X-N8N-API-KEY), as n8n 2.41 shapes them.
//   POST /rest/owner/setup   {email, firstName, lastName, password}  (password: 8–64 chars, a digit, an upper-case letter)
//   POST /rest/login         {emailOrLdapLoginId, password}
//   POST /rest/api-keys      {label, scopes: string[], expiresAt: number|null} -> {rawApiKey}
//   POST /rest/credentials/test {credentials: {id, name, type, data}} -> {status: 'OK'|'Error', message}
// The auth cookie is bound to a `browser-id` header: send the same one on every request.

const LOCAL_OWNER = Object.freeze({
	email: 'owner@nexpay.local',
	firstName: 'Local',
	lastName: 'Owner',
	password: 'Nexpay-local-1',
});

class RestError extends Error {
	constructor(method, path, status, body) {
		const message = (body && (body.message || (body.data && body.data.message))) || '';
		super(`${method} ${path} answered ${status}${message ? `: ${message}` : ''}`);
		this.status = status;
		this.body = body;
	}
}

class N8nRest {
	constructor(baseUrl, { browserId = 'nexpay-local-browser' } = {}) {
		this.baseUrl = baseUrl.replace(/\/+$/, '');
		this.browserId = browserId;
		this.cookie = undefined;
	}

	async request(method, path, body, { expect = [200] } = {}) {
		const res = await fetch(`${this.baseUrl}${path}`, {
			method,
			headers: {
				'browser-id': this.browserId,
				...(body !== undefined ? { 'content-type': 'application/json' } : {}),
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(60000),
		});
		const setCookie = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [];
		const auth = setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth;
		const text = await res.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		if (!expect.includes(res.status)) throw new RestError(method, path, res.status, json || { message: text.slice(0, 200) });
		return { status: res.status, body: json, data: json && 'data' in json ? json.data : json, text };
	}

	/** Creates the owner; returns false (and logs in instead) when the instance already has one. */
	async setupOrLogin(owner = LOCAL_OWNER) {
		const r = await this.request('POST', '/rest/owner/setup', owner, { expect: [200, 400] });
		if (r.status === 200) return true;
		await this.login(owner.email, owner.password);
		return false;
	}

	async login(email = LOCAL_OWNER.email, password = LOCAL_OWNER.password) {
		await this.request('POST', '/rest/login', { emailOrLdapLoginId: email, password });
		if (!this.cookie) throw new Error('n8n accepted the login but set no n8n-auth cookie');
	}

	/** A public-API key with every scope the owner may grant. Returns the raw key. */
	async createApiKey(label = `local-${Date.now()}`) {
		const scopes = (await this.request('GET', '/rest/api-keys/scopes')).data;
		const r = await this.request('POST', '/rest/api-keys', { label, scopes, expiresAt: null });
		return r.data.rawApiKey;
	}

	/** n8n's own credential test, as the editor's "Test" button calls it. */
	async testCredential(credentials) {
		const r = await this.request('POST', '/rest/credentials/test', { credentials });
		return r.data;
	}
}

/** GET on the public API with an API key; returns the parsed body. */
async function publicApiGet(baseUrl, apiKey, path) {
	const res = await fetch(`${baseUrl.replace(/\/+$/, '')}${path}`, {
		headers: { 'X-N8N-API-KEY': apiKey, accept: 'application/json' },
		signal: AbortSignal.timeout(60000),
	});
	const text = await res.text();
	if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${text.slice(0, 200)}`);
	return JSON.parse(text);
}

module.exports = { LOCAL_OWNER, N8nRest, RestError, publicApiGet };
