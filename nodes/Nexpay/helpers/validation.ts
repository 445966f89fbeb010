import type { INode, INodeProperties } from 'n8n-workflow';

import { invalidInput } from './errors';

/** Where a value came from, so an error can name the field and the item. */
export interface FieldContext {
	node: INode;
	/** Undefined for trigger parameters, which belong to no item. */
	itemIndex: number | undefined;
}

function text(value: unknown): string {
	if (value === undefined || value === null) return '';
	return typeof value === 'string' ? value.trim() : String(value);
}

export function requireString(ctx: FieldContext, field: string, value: unknown, options: { max?: number; min?: number } = {}): string {
	const result = text(value);
	if (!result) throw invalidInput(ctx.node, ctx.itemIndex, field, 'is required');
	return checkLength(ctx, field, result, options);
}

export function optionalString(ctx: FieldContext, field: string, value: unknown, options: { max?: number; min?: number } = {}): string | undefined {
	const result = text(value);
	return result ? checkLength(ctx, field, result, options) : undefined;
}

function checkLength(ctx: FieldContext, field: string, value: string, { max, min }: { max?: number; min?: number }): string {
	const length = [...value].length;
	if (max !== undefined && length > max) {
		throw invalidInput(ctx.node, ctx.itemIndex, field, `is ${length} characters long; the maximum is ${max}`);
	}
	if (min !== undefined && length < min) {
		throw invalidInput(ctx.node, ctx.itemIndex, field, `is ${length} characters long; the minimum is ${min}`);
	}
	return value;
}

const AMOUNT = /^(\d+)(?:\.(\d+))?$/;

/**
 * A money amount as Nexpay wants it: a decimal string greater than zero with at most two
 * fraction digits, normalised to two ("45" → "45.00"). Numbers are read through their
 * shortest string form, so 0.1 + 0.2 is refused rather than silently rounded.
 */
export function validateAmount(ctx: FieldContext, field: string, value: unknown): string {
	const raw = text(value);
	if (!raw) throw invalidInput(ctx.node, ctx.itemIndex, field, 'is required');
	const match = AMOUNT.exec(raw);
	if (!match) {
		throw invalidInput(ctx.node, ctx.itemIndex, field, `"${raw}" is not a decimal amount like 45.00 (digits, optional "." and two decimals; no sign, comma or currency)`);
	}
	const [, whole, fraction = ''] = match;
	if (fraction.length > 2) {
		throw invalidInput(ctx.node, ctx.itemIndex, field, `"${raw}" has more than two decimal places`);
	}
	const integer = whole.replace(/^0+(?=\d)/, '');
	const normalised = `${integer}.${fraction.padEnd(2, '0')}`;
	if (/^0\.00$/.test(normalised)) throw invalidInput(ctx.node, ctx.itemIndex, field, 'must be greater than 0');
	return normalised;
}

/** IBAN lengths by country (SWIFT IBAN registry). */
const IBAN_LENGTHS: Record<string, number> = {
	AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
	CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
	FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28,
	IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
	LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28,
	NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24,
	SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
	UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

export function ibanChecksumValid(iban: string): boolean {
	const rearranged = iban.slice(4) + iban.slice(0, 4);
	let remainder = 0;
	for (const char of rearranged) {
		const digits = /[A-Z]/.test(char) ? String(char.charCodeAt(0) - 55) : char;
		for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
	}
	return remainder === 1;
}

/** An IBAN as it is compared and sent: no spaces or dashes, upper case. */
export function compactIban(value: unknown): string {
	return text(value).replace(/[\s-]/g, '').toUpperCase();
}

/** An IBAN without spaces, upper case, with a known country length and a valid mod-97 checksum. */
export function validateIban(ctx: FieldContext, field: string, value: unknown): string {
	const iban = compactIban(value);
	if (!iban) throw invalidInput(ctx.node, ctx.itemIndex, field, 'is required');
	if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) {
		throw invalidInput(ctx.node, ctx.itemIndex, field, `"${iban}" is not an IBAN (two letters, two check digits, then letters and digits)`);
	}
	const expected = IBAN_LENGTHS[iban.slice(0, 2)];
	if (expected === undefined) {
		throw invalidInput(ctx.node, ctx.itemIndex, field, `"${iban}" starts with ${iban.slice(0, 2)}, which is not an IBAN country`);
	}
	if (iban.length !== expected) {
		throw invalidInput(ctx.node, ctx.itemIndex, field, `"${iban}" has ${iban.length} characters; ${iban.slice(0, 2)} IBANs have ${expected}`);
	}
	if (!ibanChecksumValid(iban)) {
		throw invalidInput(ctx.node, ctx.itemIndex, field, `"${iban}" has a wrong checksum (mod-97); check for a typo`);
	}
	return iban;
}

export function validateCurrency(ctx: FieldContext, field: string, value: unknown): string {
	const currency = text(value).toUpperCase();
	if (!currency) throw invalidInput(ctx.node, ctx.itemIndex, field, 'is required');
	if (!/^[A-Z]{3}$/.test(currency)) {
		throw invalidInput(ctx.node, ctx.itemIndex, field, `"${currency}" is not a three-letter ISO 4217 currency code like EUR`);
	}
	return currency;
}

export function validateBic(ctx: FieldContext, field: string, value: unknown): string {
	const bic = text(value).replace(/\s/g, '').toUpperCase();
	if (!bic) throw invalidInput(ctx.node, ctx.itemIndex, field, 'is required');
	if (!/^[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/.test(bic)) {
		throw invalidInput(ctx.node, ctx.itemIndex, field, `"${bic}" is not a BIC (8 or 11 characters, e.g. DEUTDEFF or DEUTDEFF500)`);
	}
	return bic;
}

export function validateCountryCode(ctx: FieldContext, field: string, value: unknown): string {
	const country = text(value).toUpperCase();
	if (!country) throw invalidInput(ctx.node, ctx.itemIndex, field, 'is required');
	if (!/^[A-Z]{2}$/.test(country)) {
		throw invalidInput(ctx.node, ctx.itemIndex, field, `"${country}" is not a two-letter ISO 3166 country code like DE`);
	}
	return country;
}

/** A calendar date as yyyy-MM-dd; accepts ISO date-times and keeps their date part. */
export function validateDate(ctx: FieldContext, field: string, value: unknown): string | undefined {
	const raw = text(value);
	if (!raw) return undefined;
	const date = /^\d{4}-\d{2}-\d{2}/.exec(raw)?.[0];
	const parsed = date ? new Date(`${date}T00:00:00Z`) : undefined;
	if (!date || !parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
		throw invalidInput(ctx.node, ctx.itemIndex, field, `"${raw}" is not a date like 2026-01-31`);
	}
	return date;
}

/** The values a choice list (an `options` field) offers. */
export function choiceValues(property: INodeProperties): string[] {
	return (property.options ?? []).flatMap((option) => ('value' in option ? [String(option.value)] : []));
}

/** A choice-list value: the editor offers only the listed ones, but an expression or an imported workflow can hold anything. */
export function requireChoice(ctx: FieldContext, field: string, value: unknown, allowed: readonly string[]): string {
	const choice = text(value);
	if (!allowed.includes(choice)) {
		const listed = allowed.map((entry) => (entry === '' ? '(empty)' : entry)).join(', ');
		throw invalidInput(ctx.node, ctx.itemIndex, field, choice ? `is "${choice}", which is not one of: ${listed}` : `is empty; use one of: ${listed}`);
	}
	return choice;
}

export function validatePositiveInteger(ctx: FieldContext, field: string, value: unknown): number {
	const raw = text(value);
	if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
		throw invalidInput(ctx.node, ctx.itemIndex, field, raw ? `"${raw}" is not a whole number above 0` : 'is required');
	}
	return Number(raw);
}

/** A number setting (seconds, milliseconds, a count) that an expression may have set to anything. */
export function validateNumberSetting(ctx: FieldContext, field: string, value: unknown, { min, max }: { min: number; max?: number }): number {
	const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
	if (!Number.isFinite(number) || number < min || (max !== undefined && number > max)) {
		throw invalidInput(ctx.node, ctx.itemIndex, field, `must be a number from ${min}${max !== undefined ? ` to ${max}` : ' up'}, got "${String(value)}"`);
	}
	return number;
}

export function validateUuid(ctx: FieldContext, field: string, value: unknown): string {
	const id = text(value).toLowerCase();
	if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) {
		throw invalidInput(ctx.node, ctx.itemIndex, field, id ? `"${id}" is not a document ID (a UUID like f47ac10b-58cc-4372-a567-0e02b2c3d479)` : 'is required');
	}
	return id;
}

export type ShareUnit = 'percent' | 'basisPoints';

/**
 * A share in basis points, exactly: "30" percent → 3000, "33.33" percent → 3333.
 * Percentages take at most two decimals, basis points none, so nothing is rounded.
 */
export function shareToBasisPoints(ctx: FieldContext, field: string, value: unknown, unit: ShareUnit): number {
	const raw = text(value);
	const match = /^(\d+)(?:\.(\d+))?$/.exec(raw);
	if (!match) throw invalidInput(ctx.node, ctx.itemIndex, field, raw ? `"${raw}" is not a number` : 'is required');
	const [, whole, fraction = ''] = match;
	let bps: number;
	if (unit === 'basisPoints') {
		if (/[1-9]/.test(fraction)) throw invalidInput(ctx.node, ctx.itemIndex, field, `"${raw}" basis points must be a whole number`);
		bps = Number(whole);
	} else {
		if (fraction.length > 2) throw invalidInput(ctx.node, ctx.itemIndex, field, `"${raw}" % has more than two decimals (1 basis point is 0.01 %)`);
		bps = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
	}
	if (bps <= 0 || bps > 10000) throw invalidInput(ctx.node, ctx.itemIndex, field, `"${raw}" must be above 0 and at most ${unit === 'percent' ? '100 %' : '10000 basis points'}`);
	return bps;
}

/** Shares of a split must total exactly 10000 basis points (100 %). */
export function validateSharesTotal(ctx: FieldContext, field: string, basisPoints: number[], unit: ShareUnit): void {
	const total = basisPoints.reduce((sum, share) => sum + share, 0);
	if (total !== 10000) {
		const shown = unit === 'percent' ? `${(total / 100).toFixed(2).replace(/\.00$/, '')} %` : `${total} basis points`;
		const wanted = unit === 'percent' ? '100 %' : '10000 basis points';
		throw invalidInput(ctx.node, ctx.itemIndex, field, `total ${shown}; they must total exactly ${wanted}`);
	}
}

const INTENT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
export const PUBLIC_LINK_ID = /^[A-Za-z0-9_-]+$/;

/** A payment intent ID (e.g. pi_3f9c…): one path segment, checked before it goes into a URL. */
export function validateIntentId(ctx: FieldContext, field: string, value: unknown): string {
	const id = requireString(ctx, field, value, { max: 100 });
	if (!INTENT_ID.test(id)) {
		throw invalidInput(ctx.node, ctx.itemIndex, field, `"${id}" is not a payment intent ID (letters, digits, "_" and "-", like pi_3f9c2a…)`);
	}
	return id;
}

/** A payment link's publicLinkId, the {token} of the public payer endpoints. */
export function validatePublicLinkId(ctx: FieldContext, field: string, value: unknown): string {
	const token = requireString(ctx, field, value, { max: 200 });
	if (!PUBLIC_LINK_ID.test(token)) {
		throw invalidInput(ctx.node, ctx.itemIndex, field, `"${token}" is not a public link ID (letters, digits, "_" and "-", like pl_Q2hhbmdl…)`);
	}
	return token;
}
