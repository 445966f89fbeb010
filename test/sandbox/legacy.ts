// The EuroWallet (legacy) API: HMAC-authenticated, form-encoded, under /api/.
import { json, Reject, type ApiModule, type Handler, type RouteDef } from './http';
import { nexpayIban } from './iban';
import { authenticateLegacy } from './legacy-auth';
import { invalidParameter, legacyError, legacyErrorBody, legacyFaultBody, readParams, requestError } from './legacy-common';
import { paymentRoutes } from './legacy-payments';
import { formatCents } from './money';
import { ACCOUNT_LIMIT, CLIENT_NAME, type SandboxState } from './state';
import { Router } from './router';
import type { AccountView, EuroWalletAccount, SandboxKeys } from './types';

export function accountView(account: EuroWalletAccount): AccountView & { swiftAccount?: string } {
	return {
		iban: account.iban,
		status: account.status,
		balance: formatCents(account.balanceCents),
		tagName: account.tagName,
		...(account.swiftAccount ? { swiftAccount: account.swiftAccount } : {}),
	};
}

function openAccount(state: SandboxState): Handler {
	return (ctx) => {
		const { tagName } = readParams(ctx);
		if (state.accounts.length >= ACCOUNT_LIMIT) {
			throw new Reject(requestError('Cannot open account for this customer - account limit is reached'));
		}
		const account: EuroWalletAccount = {
			iban: nexpayIban(state.nextAccountNumber++),
			status: 'ACTIVE',
			balanceCents: 0,
			tagName: tagName || null,
		};
		state.accounts.push(account);
		return json(200, accountView(account));
	};
}

function accountStatus(state: SandboxState): Handler {
	return (ctx) => {
		const { allAccounts } = readParams(ctx);
		if (allAccounts !== undefined && allAccounts !== 'true' && allAccounts !== 'false') {
			throw new Reject(invalidParameter('allAccounts must be true or false'));
		}
		const accounts = allAccounts === 'true' ? state.accounts : [state.defaultAccount()];
		return json(200, { accounts: accounts.map(accountView) });
	};
}

function depositDetails(state: SandboxState): Handler {
	return () => {
		const active = state.accounts.filter((a) => a.status === 'ACTIVE');
		return json(200, {
			clientName: CLIENT_NAME,
			bankName: 'NexPay, UAB',
			bankAddress: 'J. Savickio g. 4, Vilnius, Lithuania',
			// The field table says bicCode, the docs' example says bankCode: send both.
			bicCode: 'NEUALT21',
			bankCode: 'NEUALT21',
			swift: {
				beneficiaryName: 'NexPay, UAB',
				beneficiaryAddress: 'J. Savickio g. 4, Vilnius, Lithuania',
				bankName: 'Incore Bank AG',
				bankAddress: 'Grossmatt , 716, Bibern, Switzerland',
				bankSwiftCode: 'CZHHAHZL',
			},
			accounts: active.map((a) => a.iban),
			swiftAccounts: active.flatMap((a) => (a.swiftAccount ? [a.swiftAccount] : [])),
		});
	};
}

export function legacyApi(state: SandboxState, keys: SandboxKeys): ApiModule {
	const router = new Router<RouteDef>()
		.add('POST', '/api/1/eurowallet/account', { handler: openAccount(state) })
		.add('GET', '/api/1/eurowallet/status', { handler: accountStatus(state) })
		.add('GET', '/api/1/eurowallet/deposit-details', { handler: depositDetails(state) });
	for (const [method, path, handler] of paymentRoutes(state, keys)) router.add(method, path, { handler });

	return {
		owns: (path) => path.startsWith('/api/'),
		router,
		authenticate(ctx) {
			const failure = authenticateLegacy(ctx, keys, state);
			return failure && legacyError(403, failure.code, failure.message, failure.data);
		},
		errorResult: (status, body) => json(status, body ?? legacyFaultBody(status)),
		notFound: (ctx) => json(404, legacyErrorBody(-32601, 'Method not found', `${ctx.method} ${ctx.path}`)),
	};
}
