import type { IDataObject } from 'n8n-workflow';

import { nextHistoryEntries, nextSubmissions, type HistoryState, type SubmissionState } from '../../../nodes/Nexpay/triggers/cursors';

const submission = (id: string, minute: number, status = 'completed'): IDataObject => ({
	id,
	status,
	createdAt: new Date(Date.UTC(2026, 2, 15, 9, minute)).toISOString(),
});
const entry = (paymentId: string, date: string, direction = 'incoming'): IDataObject => ({ paymentId, date, direction, amount: '1.00' });
const ids = (items: IDataObject[]) => items.map((item) => item.id ?? item.paymentId);

describe('payment link submission cursor', () => {
	const scope = 'pi_link|completed';

	it('keeps at most the given number of ids, the most recently created ones', () => {
		const listed = [1, 2, 3, 4, 5].map((n) => submission(`pi_${n}`, n));
		const { state } = nextSubmissions(listed, 'completed', scope, { scope, seen: {} }, 3);

		expect(Object.keys(state.seen).sort()).toEqual(['pi_3', 'pi_4', 'pi_5']);
		expect(state.floor).toBe(Date.parse(String(listed[1].createdAt)));
	});

	it('does not send again the submissions it forgot to stay bounded, but sends a new one', () => {
		const listed = [1, 2, 3, 4, 5].map((n) => submission(`pi_${n}`, n));
		const first = nextSubmissions(listed, 'completed', scope, { scope, seen: {} }, 3);
		const second = nextSubmissions([...listed, submission('pi_6', 6)], 'completed', scope, first.state, 3);

		expect(ids(first.fresh)).toEqual(['pi_1', 'pi_2', 'pi_3', 'pi_4', 'pi_5']);
		expect(ids(second.fresh)).toEqual(['pi_6']);
	});

	it('sends submissions in creation order whatever order the list has', () => {
		const listed = [submission('pi_b', 2), submission('pi_a', 1)];
		const { fresh } = nextSubmissions(listed, 'completed', scope, { scope, seen: {} });

		expect(ids(fresh)).toEqual(['pi_a', 'pi_b']);
	});

	it('remembers only submissions with the watched status, so a pending one is sent when it completes', () => {
		const pending = nextSubmissions([submission('pi_1', 1, 'pending')], 'completed', scope, { scope, seen: {} });
		const completed = nextSubmissions([submission('pi_1', 1, 'completed')], 'completed', scope, pending.state);

		expect(pending.state.seen).toEqual({});
		expect(ids(completed.fresh)).toEqual(['pi_1']);
	});

	it('sends a submission listed twice in one poll (a page shifted while reading) once', () => {
		const { fresh } = nextSubmissions([submission('pi_1', 1), submission('pi_1', 1)], 'completed', scope, { scope, seen: {} } as SubmissionState);
		expect(ids(fresh)).toEqual(['pi_1']);
	});
});

describe('EuroWallet history cursor', () => {
	it('forgets entries once the next window no longer reaches their date', () => {
		const first = nextHistoryEntries([entry('1', '2026-03-10'), entry('2', '2026-03-14')], 'LT', undefined, '2026-03-15', 1);

		expect(first.fresh).toEqual([]);
		expect(first.state).toEqual({ scope: 'LT', polledOn: '2026-03-15', keptFrom: '2026-03-14', seen: { '2|incoming': '2026-03-14' } });
	});

	it('holds only a few days of entries however long it runs', () => {
		let state: HistoryState | undefined;
		for (let day = 1; day <= 28; day++) {
			const date = `2026-02-${String(day).padStart(2, '0')}`;
			const entries = [1, 2, 3].map((n) => entry(`${day}-${n}`, date));
			state = nextHistoryEntries(entries, 'LT', state, date, 1).state;
		}
		// The last two days: today's entries and the look-back day's.
		expect(Object.keys(state?.seen ?? {}).sort()).toEqual(['27-1', '27-2', '27-3', '28-1', '28-2', '28-3'].map((id) => `${id}|incoming`));
	});

	it('never sends an old entry again when the look-back is made longer', () => {
		const old = entry('1', '2026-03-10');
		const first = nextHistoryEntries([old, entry('2', '2026-03-15')], 'LT', undefined, '2026-03-15', 1);
		// Seven days of look-back now reach 2026-03-10, which the state had already forgotten.
		const longer = nextHistoryEntries([old, entry('2', '2026-03-15'), entry('3', '2026-03-16')], 'LT', first.state, '2026-03-16', 7);

		expect(ids(longer.fresh)).toEqual(['3']);
		expect(longer.state.seen['1|incoming']).toBe('2026-03-10');
	});

	it('tells apart the two legs of a transfer that share one paymentId', () => {
		const first = nextHistoryEntries([], 'LT', undefined, '2026-03-15', 1);
		const second = nextHistoryEntries([entry('9', '2026-03-15', 'outgoing'), entry('9', '2026-03-15', 'incoming')], 'LT', first.state, '2026-03-15', 1);

		expect(second.fresh).toHaveLength(2);
	});
});
