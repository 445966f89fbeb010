import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { getEuroWalletAccounts } from './actions/loadOptions';
import { euroWalletAccountLocator, searchEuroWalletAccounts } from './actions/listSearch';
import { euroWalletApiRequest } from './helpers/transport';
import { choiceValues, requireChoice, validateIban } from './helpers/validation';
import { historyFromDate, nextHistoryEntries, readHistoryState, shiftDate, utcDate } from './triggers/cursors';

const HISTORY_PATH = '/api/1/eurowallet/payments/history';

const directionField: INodeProperties = {
	displayName: 'Direction',
	name: 'direction',
	type: 'options',
	options: [
		{ name: 'Both', value: 'both', description: 'Money received and money sent' },
		{ name: 'Incoming', value: 'incoming', description: 'Money received' },
		{ name: 'Outgoing', value: 'outgoing', description: 'Money sent' },
	],
	default: 'both',
	description: 'Which new entries start the workflow',
};
/** How far back "Fetch Test Event" looks for an entry to show. */
const TEST_EVENT_DAYS = 90;

async function readHistory(this: IPollFunctions, fromDate: string, account: string): Promise<IDataObject[]> {
	const response = (await euroWalletApiRequest.call(this, {
		method: 'GET',
		path: HISTORY_PATH,
		// No toDate: entries dated ahead of our clock (Nexpay's day starts before UTC's) are included.
		qs: { fromDate, account: account || undefined },
	})) as IDataObject;
	return Array.isArray(response.entries) ? (response.entries as IDataObject[]) : [];
}

function inDirection(entry: IDataObject, direction: string): boolean {
	return direction === 'both' || String(entry.direction ?? '').toLowerCase() === direction;
}

export class NexpayEuroWalletTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Nexpay EuroWallet Trigger',
		name: 'nexpayEuroWalletTrigger',
		icon: { light: 'file:nexpay.svg', dark: 'file:nexpay.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["direction"] === "both" ? "New transactions" : "New " + $parameter["direction"] + " transactions" }}',
		description: 'Starts the workflow for new transactions in a EuroWallet account\'s history (checks on a schedule)',
		defaults: { name: 'Nexpay EuroWallet Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'nexpayEuroWalletApi', required: true }],
		properties: [
			{
				displayName:
					'Reads the account\'s payment history on the schedule below and starts the workflow once per new entry. When the workflow is first activated, existing entries are noted but not sent. If Nexpay support has set up webhooks for you, the Nexpay Trigger reports payments as they happen instead.',
				name: 'pollNotice',
				type: 'notice',
				default: '',
			},
			euroWalletAccountLocator({
				displayName: 'Account',
				description: 'IBAN whose history to watch; empty means the default account',
			}),
			directionField,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Look-Back Days',
						name: 'lookBackDays',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 31 },
						default: 1,
						description:
							'Each check re-reads this many days before the previous check, so entries booked with an earlier date are still caught; entries already reported are never sent again',
					},
				],
			},
		],
	};

	methods = { loadOptions: { getEuroWalletAccounts }, listSearch: { searchEuroWalletAccounts } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		// Empty means the default account; anything else must be an IBAN before it is sent.
		const given = String(this.getNodeParameter('account', '', { extractValue: true }) ?? '').trim();
		const field = { node: this.getNode(), itemIndex: undefined };
		const account = given ? validateIban(field, 'Account', given) : '';
		const direction = requireChoice(field, 'Direction', this.getNodeParameter('direction', 'both'), choiceValues(directionField));
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const lookBackDays = Math.min(31, Math.max(1, Math.floor(Number(options.lookBackDays ?? 1)) || 1));
		const today = utcDate(Date.now());

		if (this.getMode() === 'manual') {
			const entries = (await readHistory.call(this, shiftDate(today, -TEST_EVENT_DAYS), account)).filter((entry) =>
				inDirection(entry, direction),
			);
			const latest = entries[entries.length - 1];
			return latest ? [this.helpers.returnJsonArray([latest])] : null;
		}

		const staticData = this.getWorkflowStaticData('node');
		const previous = readHistoryState(staticData, account);
		const entries = await readHistory.call(this, historyFromDate(previous, today, lookBackDays), account);
		const { fresh, state } = nextHistoryEntries(entries, account, previous, today, lookBackDays);
		staticData.history = state as unknown as IDataObject;
		const items = fresh.filter((entry) => inDirection(entry, direction));
		return items.length ? [this.helpers.returnJsonArray(items)] : null;
	}
}
