/** An amount with a unit as typed in the editor ("10" MiB, "2" days), and its value in base units. */

export interface Quantity {
  /** As typed; "" means not set. */
  amount: string;
  unit: string;
}

export type Units = Readonly<Record<string, number>>;

/** Bytes per unit, binary like the rest of the dashboard. */
export const SIZE_UNITS: Units = { B: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40 };

/** Bytes per second per unit (a bandwidth limit). */
export const RATE_UNITS: Units = { "B/s": 1, "KiB/s": 2 ** 10, "MiB/s": 2 ** 20, "GiB/s": 2 ** 30 };

/** Seconds per unit. */
export const AGE_UNITS: Units = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

const AMOUNT = /^\d+(\.\d+)?$/;

/** Why the amount cannot be used, or null (a blank amount is fine: not set). */
export function amountError(quantity: Quantity): string | null {
  const text = quantity.amount.trim();
  return text === "" || AMOUNT.test(text) ? null : "A number (like 10 or 2.5), or nothing.";
}

/** The value in base units, or null when blank or not a number. */
export function amountValue(quantity: Quantity, units: Units): number | null {
  const text = quantity.amount.trim();
  if (!AMOUNT.test(text)) return null;
  return Number(text) * (units[quantity.unit] ?? 1);
}

/** A base-unit value in the largest unit that holds it exactly, to two decimals (1,536 bytes → 1.5 KiB). */
export function quantityOf(value: number | null, units: Units, unset: string): Quantity {
  if (value === null) return { amount: "", unit: unset };
  const fitting = Object.entries(units)
    .sort(([, a], [, b]) => b - a)
    .find(([, factor]) => value >= factor && Number.isInteger((value / factor) * 100));
  const [unit, factor] = fitting ?? Object.entries(units).sort(([, a], [, b]) => a - b)[0] ?? [unset, 1];
  return { amount: String(value / factor), unit };
}
