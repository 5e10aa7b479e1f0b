/**
 * A 5-field cron expression in plain words ("0 * * * *" → "at minute 0 of every hour"), for the
 * schedule editor's echo. Only an echo: the API decides what is valid (its croniter is the judge).
 */

type Item =
  | { kind: "any"; step: number }
  | { kind: "value"; value: number }
  | { kind: "range"; from: number; to: number; step: number };

interface FieldRule {
  min: number;
  max: number;
  names?: readonly string[];
  /** The first value `names` stands for. */
  nameBase?: number;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"] as const;
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const MONTH_NAMES = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
] as const;
const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

const RULES: readonly FieldRule[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { min: 0, max: 7, names: DAYS, nameBase: 0 },
];

function parseValue(text: string, rule: FieldRule): number | null {
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    return value >= rule.min && value <= rule.max ? value : null;
  }
  const index = rule.names ? rule.names.indexOf(text.toLowerCase()) : -1;
  return index >= 0 ? index + (rule.nameBase ?? 0) : null;
}

function parseItem(text: string, rule: FieldRule): Item | null {
  const [base = "", stepText, extra] = text.split("/");
  if (extra !== undefined) return null;
  let step = 1;
  if (stepText !== undefined) {
    if (!/^\d+$/.test(stepText) || Number(stepText) < 1) return null;
    step = Number(stepText);
  }
  if (base === "*") return { kind: "any", step };
  const [fromText = "", toText, more] = base.split("-");
  if (more !== undefined) return null;
  const from = parseValue(fromText, rule);
  if (from === null) return null;
  if (toText === undefined) {
    // "5/15" means from 5 to the end, every 15.
    return stepText === undefined ? { kind: "value", value: from } : { kind: "range", from, to: rule.max, step };
  }
  const to = parseValue(toText, rule);
  if (to === null || to < from) return null;
  return { kind: "range", from, to, step };
}

function parseField(text: string, rule: FieldRule): Item[] | null {
  const items = text.split(",").map((part) => parseItem(part, rule));
  return items.every((item): item is Item => item !== null) ? items : null;
}

/** "a", "a and b", "a, b and c". */
export function wordList(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1] ?? ""}`;
}

function isEvery(items: Item[]): boolean {
  return items.length === 1 && items[0]?.kind === "any" && items[0].step === 1;
}

function everyStep(items: Item[]): number | null {
  const only = items[0];
  return items.length === 1 && only?.kind === "any" && only.step > 1 ? only.step : null;
}

function values(items: Item[]): number[] | null {
  return items.every((item) => item.kind === "value") ? items.map((item) => (item as { value: number }).value) : null;
}

function itemWords(item: Item, name: (value: number) => string, unit: string): string {
  if (item.kind === "value") return name(item.value);
  if (item.kind === "any") return `every ${item.step} ${unit}s`;
  const span = `${name(item.from)} to ${name(item.to)}`;
  return item.step === 1 ? span : `every ${item.step} ${unit}s from ${span}`;
}

function listWords(items: Item[], name: (value: number) => string, unit: string): string {
  return wordList(items.map((item) => itemWords(item, name, unit)));
}

function plural(items: Item[], word: string): string {
  return items.length === 1 && items[0]?.kind === "value" ? word : `${word}s`;
}

const two = (value: number) => String(value).padStart(2, "0");
const plain = (value: number) => String(value);

function timeWords(minute: Item[], hour: Item[]): { words: string; exact: boolean } {
  const minutes = values(minute);
  const hours = values(hour);
  if (minutes && hours && minutes.length * hours.length <= 6) {
    const times = hours.flatMap((h) => minutes.map((m) => `${two(h)}:${two(m)}`));
    return { words: `at ${wordList(times)}`, exact: true };
  }
  const step = everyStep(minute);
  const minuteWords = isEvery(minute)
    ? "every minute"
    : step
      ? `every ${step} minutes`
      : `at ${plural(minute, "minute")} ${listWords(minute, plain, "minute")}`;
  const atMinutes = minuteWords.startsWith("at ");
  if (isEvery(hour)) return { words: atMinutes ? `${minuteWords} of every hour` : minuteWords, exact: false };
  const hourStep = everyStep(hour);
  if (hourStep) return { words: `${minuteWords} ${atMinutes ? "of" : "during"} every ${hourStep} hours`, exact: false };
  const hourWords = `${plural(hour, "hour")} ${listWords(hour, plain, "hour")}`;
  return { words: `${minuteWords} ${atMinutes ? "of" : "during"} ${hourWords}`, exact: false };
}

function dayWords(dom: Item[], dow: Item[], exact: boolean): string {
  const anyDom = isEvery(dom);
  const anyDow = isEvery(dow);
  const dayOfWeek = (value: number) => DAY_NAMES[value] ?? String(value);
  const weekdays = `on ${listWords(dow, dayOfWeek, "day")}`;
  const domStep = everyStep(dom);
  const monthDays = domStep ? `every ${domStep} days` : `on ${plural(dom, "day")} ${listWords(dom, plain, "day")} of the month`;
  if (anyDom && anyDow) return exact ? "every day" : "";
  if (anyDom) return weekdays;
  if (anyDow) return monthDays;
  return `${monthDays} or ${weekdays}`; // cron runs when either matches
}

/** The expression in words, or null when it is not a 5-field cron expression this echo can read. */
export function cronEcho(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const [minute, hour, dom, month, dow] = RULES.map((rule, index) => parseField(fields[index] ?? "", rule));
  if (!minute || !hour || !dom || !month || !dow) return null;
  const time = timeWords(minute, hour);
  const monthName = (value: number) => MONTH_NAMES[value - 1] ?? String(value);
  const months = isEvery(month) ? "" : `in ${listWords(month, monthName, "month")}`;
  return [time.words, dayWords(dom, dow, time.exact), months].filter(Boolean).join(" ");
}
