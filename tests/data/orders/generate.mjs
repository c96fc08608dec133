// Order lines with a known customer table (issue 19), seeded and deterministic, no dependencies.
//
//   node tests/data/orders/generate.mjs OUT_DIR [--lines N]
//
// Writes, in OUT_DIR:
// - orders.csv: about N order lines (default 3,000; about one customer per ten lines) shaped like
//   the Online Retail export (InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice,
//   CustomerID, Country), in time order, its dates written two ways within the file: ISO
//   `2024-03-05 14:10` on even invoices, day first `13/03/2024 09:15` on odd ones (days above 12
//   decide the order);
// - orders.expected.csv: the customer table the README's rules give, computed here from the
//   purchase histories with this script's own arithmetic (the engine's CustomerTable::to_csv
//   format, without the customers left out), and orders.expected.json: the summary's counts;
// - orders_us.csv (+ .expected.csv/.json): the same lines month first with a 12-hour clock,
//   `3/13/2024 9:15 AM`;
// - orders_ambiguous.csv (+ .expected.json): a few lines whose days are all 12 or less, so the
//   dates cannot decide (the user chooses).
// With --lines 10000000 it writes about 640 MB for the benchmark, in blocks (above a million
// lines, orders.csv and its expected table only).
//
// The customers fall in clear groups: champions (recent, frequent, big baskets), lapsed big
// spenders (bought a lot, stopped halfway), new one-off buyers (once, near the end), lost (once
// or twice, early, small), returners (returned more than they bought: net Monetary below 0) and
// customers with only cancellations (left out); some lines have no CustomerID.
import fs from "node:fs";
import path from "node:path";
import { mulberry32 } from '../seeded.mjs';

const args = process.argv.slice(2);
const out = args[0];
if (!out) {
  console.error("usage: node generate.mjs OUT_DIR [--lines N]");
  process.exit(2);
}
const at = args.indexOf("--lines");
const target = at >= 0 ? Number(args[at + 1]) : 3000;
fs.mkdirSync(out, { recursive: true });

const below = (r, n) => Math.floor(r() * n);

// Days since 1970-01-01 of the period's first day, 2023-01-02, and its length.
const START = Date.UTC(2023, 0, 2) / 86400000;
const DAYS = 540;

const GROUPS = [
  // name, share of customers, orders [min, max], days [from, to) as fractions of the period,
  // lines per order max, quantity max, price cents [min, max]
  { name: "champion", share: 0.12, orders: [8, 16], days: [0, 1], lines: 4, qty: 12, cents: [300, 4000] },
  { name: "lapsed big spender", share: 0.12, orders: [6, 12], days: [0, 0.45], lines: 4, qty: 12, cents: [500, 5000] },
  { name: "new one-off", share: 0.2, orders: [1, 1], days: [0.93, 1], lines: 2, qty: 3, cents: [100, 1500] },
  { name: "lost", share: 0.46, orders: [1, 2], days: [0, 0.3], lines: 2, qty: 3, cents: [50, 900] },
  { name: "returner", share: 0.06, orders: [1, 1], days: [0.2, 0.8], lines: 1, qty: 5, cents: [1000, 3000] },
  { name: "only cancellations", share: 0.04, orders: [1, 1], days: [0.1, 0.9], lines: 1, qty: 4, cents: [200, 2000] },
];
const meanLines = GROUPS.reduce((s, g) => s + g.share * ((g.orders[0] + g.orders[1]) / 2) * ((g.lines + 1) / 2), 0);
const customers = Math.max(20, Math.round((target * 0.97) / (meanLines + 0.12)));

// Plan every order: customer (−1: no customer), kind (0 purchase, 1 cancellation), minute of the period.
const plan = mulberry32(19);
const evCustomer = [];
const evKind = [];
const evTime = [];
const evLines = [];
const group = new Int8Array(customers);
let bounds = [];
{
  let acc = 0;
  bounds = GROUPS.map((g) => (acc += g.share));
}
const minute = (fromFraction, toFraction) => {
  const from = Math.floor(fromFraction * DAYS);
  const to = Math.max(from + 1, Math.floor(toFraction * DAYS));
  return (from + below(plan, to - from)) * 1440 + 8 * 60 + below(plan, 12 * 60);
};
for (let c = 0; c < customers; c++) {
  const u = plan();
  const g = Math.max(0, bounds.findIndex((b) => u < b));
  group[c] = g;
  const spec = GROUPS[g];
  const n = spec.orders[0] + below(plan, spec.orders[1] - spec.orders[0] + 1);
  for (let o = 0; o < n; o++) {
    const t = minute(spec.days[0], spec.days[1]);
    const kind = spec.name === "only cancellations" ? 1 : 0;
    evCustomer.push(c), evKind.push(kind), evTime.push(t), evLines.push(1 + below(plan, spec.lines));
    if (spec.name === "returner") {
      // The return comes days later and is bigger than the purchase.
      evCustomer.push(c), evKind.push(2), evTime.push(t + 1440 * (3 + below(plan, 20))), evLines.push(1);
    } else if (spec.name === "champion" && plan() < 0.08) {
      evCustomer.push(c), evKind.push(1), evTime.push(t + 60 + below(plan, 600)), evLines.push(1);
    }
  }
}
// Guests: orders without a customer, spread over the period.
const guests = Math.round(customers * 0.12 / 1.5);
for (let i = 0; i < guests; i++) {
  evCustomer.push(-1), evKind.push(0), evTime.push(minute(0, 1)), evLines.push(1 + below(plan, 2));
}
const order = evTime.map((_, i) => i).sort((a, b) => evTime[a] - evTime[b] || a - b);

// Rust's `{}` for an f64: the shortest digits that read back, never an exponent.
function rustFloat(x) {
  const s = String(x);
  if (!s.includes("e")) return s;
  const [mantissa, exp] = s.split("e");
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const point = mantissa.replace("-", "").indexOf(".");
  const intLen = (point < 0 ? mantissa.replace("-", "").length : point) + Number(exp);
  let text;
  if (intLen <= 0) text = "0." + "0".repeat(-intLen) + digits;
  else if (intLen >= digits.length) text = digits + "0".repeat(intLen - digits.length);
  else text = digits.slice(0, intLen) + "." + digits.slice(intLen);
  return (negative ? "-" : "") + text;
}

const pad = (n) => String(n).padStart(2, "0");
function civil(days) {
  const d = new Date(days * 86400000);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}
const iso = (days) => {
  const [y, m, d] = civil(days);
  return `${y}-${pad(m)}-${pad(d)}`;
};
const FORMATS = {
  mixed: (days, min, invoice) => {
    const [y, m, d] = civil(days);
    const hm = `${pad(Math.floor(min / 60))}:${pad(min % 60)}`;
    return invoice % 2 === 0 ? `${y}-${pad(m)}-${pad(d)} ${hm}` : `${pad(d)}/${pad(m)}/${y} ${hm}`;
  },
  us: (days, min) => {
    const [y, m, d] = civil(days);
    const h = Math.floor(min / 60);
    return `${m}/${d}/${y} ${h % 12 === 0 ? 12 : h % 12}:${pad(min % 60)} ${h < 12 ? "AM" : "PM"}`;
  },
};

const WORDS = ["WHITE", "RED", "HEART", "LANTERN", "MUG", "CANDLE", "BAG", "CARD", "TIN", "JAR"];
const COUNTRIES = ["United Kingdom", "France", "Germany", "EIRE", "Spain", "Netherlands"];

/** Writes the lines once per date format (`files`: name → format) and returns the customer
 * table's inputs, which are the same for every format. */
function write(files) {
  const r = mulberry32(2024);
  const header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";
  const outputs = Object.entries(files).map(([file, format]) => ({
    fd: fs.openSync(path.join(out, file), "w"),
    format,
    block: header,
  }));
  const stats = new Map(); // customer id → { first, last, orders: Set, monetary }
  const counts = { lines: 0, without_customer: 0, cancellations: 0 };
  let invoice = 536000;
  for (const e of order) {
    invoice += 1;
    const c = evCustomer[e];
    const kind = evKind[e];
    const spec = c >= 0 ? GROUPS[group[c]] : GROUPS[3];
    const id = c >= 0 ? String(12000 + c) : "";
    const days = START + Math.floor(evTime[e] / 1440);
    for (const o of outputs) o.date = o.format(days, evTime[e] % 1440, invoice);
    const number = kind === 0 ? String(invoice) : `C${invoice}`;
    for (let l = 0; l < evLines[e]; l++) {
      let qty = 1 + below(r, spec.qty);
      // Cents from the customer's own range: returns and their purchase share a price.
      let cents = spec.cents[0] + below(r, spec.cents[1] - spec.cents[0]);
      if (spec.name === "returner") cents = spec.cents[0] + ((c * 37) % (spec.cents[1] - spec.cents[0]));
      if (spec.name === "returner" && kind === 0) qty = 1 + (c % 4);
      if (kind === 2) qty = -(2 + (c % 4));
      else if (kind === 1) qty = -qty;
      const price = cents / 100;
      const a = WORDS[below(r, WORDS.length)];
      const b = WORDS[below(r, WORDS.length)];
      const description = r() < 0.1 ? `"${a}, ${b}"` : `${a} ${b}`;
      const head = `${number},${20000 + below(r, 900)},${description},${qty},`;
      const tail = `,${price.toFixed(2)},${id},${COUNTRIES[c >= 0 ? c % COUNTRIES.length : 0]}\n`;
      for (const o of outputs) o.block += head + o.date + tail;
      counts.lines += 1;
      if (!id) {
        counts.without_customer += 1;
        continue;
      }
      const cancelled = qty < 0 || number.startsWith("C");
      counts.cancellations += Number(cancelled);
      let s = stats.get(id);
      if (!s) stats.set(id, (s = { first: days, latest: days, last: null, orders: new Set(), monetary: 0 }));
      s.monetary += qty * Number(price.toFixed(2));
      s.first = Math.min(s.first, days);
      s.latest = Math.max(s.latest, days);
      if (!cancelled) {
        s.last = s.last === null ? days : Math.max(s.last, days);
        s.orders.add(number);
      }
    }
    for (const o of outputs) {
      if (o.block.length > 1 << 20) {
        fs.writeSync(o.fd, o.block);
        o.block = "";
      }
    }
  }
  for (const o of outputs) {
    fs.writeSync(o.fd, o.block);
    fs.closeSync(o.fd);
  }
  return { stats, counts };
}

/** The customer table and summary, as the engine's CustomerTable::to_csv(.., false) writes it. */
function expected(base, { stats, counts }, dateOrder) {
  let latest = -Infinity;
  // The day after the latest date of any line with a customer, cancellations included.
  for (const s of stats.values()) latest = Math.max(latest, s.latest);
  const analysis = latest + 1;
  let table = "CustomerID,Recency,Frequency,Monetary,Tenure,First purchase,Last purchase\n";
  const summary = { ...counts, customers: 0, left_out: 0, net_not_positive: 0, date_order: dateOrder };
  const fd = fs.openSync(path.join(out, `${base}.expected.csv`), "w");
  for (const [id, s] of stats) {
    if (s.last === null) {
      summary.left_out += 1;
      continue;
    }
    summary.customers += 1;
    summary.net_not_positive += Number(s.monetary <= 0);
    table += `${id},${analysis - s.last},${s.orders.size},${rustFloat(s.monetary)},${analysis - s.first},${iso(s.first)},${iso(s.last)}\n`;
    if (table.length > 1 << 20) {
      fs.writeSync(fd, table);
      table = "";
    }
  }
  fs.writeSync(fd, table);
  fs.closeSync(fd);
  summary.analysis = iso(analysis);
  fs.writeFileSync(path.join(out, `${base}.expected.json`), JSON.stringify(summary, null, 2) + "\n");
}

// Above a million lines (the benchmark's files) only orders.csv is written.
const big = target > 1_000_000;
const written = write(big ? { "orders.csv": FORMATS.mixed } : { "orders.csv": FORMATS.mixed, "orders_us.csv": FORMATS.us });
expected("orders", written, { Decided: "DayFirst" });
if (!big) expected("orders_us", written, { Decided: "MonthFirst" });

// Every day 12 or less: 05/03/2024 may be the 5th of March or the 3rd of May.
{
  const lines = ["InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"];
  const days = [[1, 2], [3, 2], [5, 3], [11, 4], [2, 6], [12, 12]];
  days.forEach(([d, m], i) => {
    lines.push(`${537000 + i},22000,RED MUG,${1 + i},${pad(d)}/${pad(m)}/2024 10:0${i},1.25,${13000 + (i % 3)},France`);
  });
  fs.writeFileSync(path.join(out, "orders_ambiguous.csv"), lines.join("\n") + "\n");
  fs.writeFileSync(
    path.join(out, "orders_ambiguous.expected.json"),
    JSON.stringify({ lines: days.length, customers: 3, date_order: "Ambiguous" }, null, 2) + "\n",
  );
}
