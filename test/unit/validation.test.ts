import { NodeOperationError, type INode } from 'n8n-workflow';

import {
	ibanChecksumValid,
	shareToBasisPoints,
	validateAmount,
	validateBic,
	validateCurrency,
	validateDate,
	validateIban,
	validateSharesTotal,
	requireString,
} from '../../nodes/Nexpay/helpers/validation';

const node: INode = { id: 'n', name: 'Nexpay', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} };
const ctx = { node, itemIndex: 4 };

function failure(run: () => unknown): NodeOperationError {
	try {
		run();
	} catch (error) {
		return error as NodeOperationError;
	}
	throw new Error('expected a validation error');
}

describe('amounts', () => {
	it.each([
		['45', '45.00'],
		['45.5', '45.50'],
		['0.01', '0.01'],
		['007.10', '7.10'],
		[12, '12.00'],
		[' 3.2 ', '3.20'],
	])('normalises %p to %p', (input, expected) => {
		expect(validateAmount(ctx, 'Amount', input)).toBe(expected);
	});

	it.each([
		['10.001', 'more than two decimal places'],
		['0', 'greater than 0'],
		['0.00', 'greater than 0'],
		['-5', 'not a decimal amount'],
		['1,50', 'not a decimal amount'],
		['EUR 5', 'not a decimal amount'],
		['', 'is required'],
		[0.1 + 0.2, 'more than two decimal places'],
	])('refuses %p, naming the field and the item', (input, problem) => {
		const error = failure(() => validateAmount(ctx, 'Amount', input));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain('Amount');
		expect(error.message).toContain(problem);
		expect(error.message).toContain('[item 4]');
		expect(error.context.itemIndex).toBe(4);
	});
});

describe('IBANs', () => {
	it.each(['LT023080010000000239', 'LT63 3080 0100 0000 0208', 'de89370400440532013000', 'GB82WEST12345698765432'])(
		'accepts %s',
		(iban) => {
			expect(validateIban(ctx, 'Beneficiary Account', iban)).toBe(iban.replace(/\s/g, '').toUpperCase());
		},
	);

	it.each([
		['LT023080010000000238', 'wrong checksum'],
		['LT0230800100000002', 'LT IBANs have 20'],
		['ZZ023080010000000239', 'not an IBAN country'],
		['12345', 'is not an IBAN'],
	])('refuses %s', (iban, problem) => {
		expect(failure(() => validateIban(ctx, 'Beneficiary Account', iban)).message).toContain(problem);
	});

	it('computes mod-97 over the whole IBAN', () => {
		expect(ibanChecksumValid('GB82WEST12345698765432')).toBe(true);
		expect(ibanChecksumValid('GB82WEST12345698765431')).toBe(false);
	});
});

describe('codes and dates', () => {
	it('accepts and normalises currencies, BICs and dates', () => {
		expect(validateCurrency(ctx, 'Currency', 'aud')).toBe('AUD');
		expect(validateBic(ctx, 'BIC', 'deutdeff500')).toBe('DEUTDEFF500');
		expect(validateDate(ctx, 'From Date', '2024-02-29T10:00:00Z')).toBe('2024-02-29');
		expect(validateDate(ctx, 'From Date', '')).toBeUndefined();
	});

	it('refuses malformed ones', () => {
		expect(failure(() => validateCurrency(ctx, 'Currency', 'EURO')).message).toContain('three-letter');
		expect(failure(() => validateBic(ctx, 'BIC', 'DEUTDE')).message).toContain('8 or 11');
		expect(failure(() => validateDate(ctx, 'From Date', '2023-02-29')).message).toContain('not a date');
	});

	it('checks lengths in characters, not bytes', () => {
		expect(requireString(ctx, 'Name', 'Žemaitė', { max: 7 })).toBe('Žemaitė');
		expect(failure(() => requireString(ctx, 'External Payment ID', 'x'.repeat(37), { max: 36 })).message).toContain(
			'37 characters long; the maximum is 36',
		);
	});
});

describe('split shares', () => {
	it('converts percentages to basis points exactly', () => {
		expect(shareToBasisPoints(ctx, 'Share', '70', 'percent')).toBe(7000);
		expect(shareToBasisPoints(ctx, 'Share', '33.33', 'percent')).toBe(3333);
		expect(shareToBasisPoints(ctx, 'Share', 0.5, 'percent')).toBe(50);
		expect(shareToBasisPoints(ctx, 'Share', '3000', 'basisPoints')).toBe(3000);
	});

	it('refuses shares it would have to round', () => {
		expect(failure(() => shareToBasisPoints(ctx, 'Share', '33.333', 'percent')).message).toContain('two decimals');
		expect(failure(() => shareToBasisPoints(ctx, 'Share', '30.5', 'basisPoints')).message).toContain('whole number');
		expect(failure(() => shareToBasisPoints(ctx, 'Share', '0', 'percent')).message).toContain('above 0');
	});

	it('requires the shares to total 10000 basis points', () => {
		expect(() => validateSharesTotal(ctx, 'Recipients', [7000, 3000], 'basisPoints')).not.toThrow();
		expect(failure(() => validateSharesTotal(ctx, 'Recipients', [7000, 2999], 'basisPoints')).message).toContain(
			'total 9999 basis points',
		);
		// "30" meant as 30 % but entered as basis points.
		expect(failure(() => validateSharesTotal(ctx, 'Recipients', [7000, 30], 'basisPoints')).message).toContain('7030');
		expect(failure(() => validateSharesTotal(ctx, 'Recipients', [6000, 3000], 'percent')).message).toContain('total 90 %');
	});
});
