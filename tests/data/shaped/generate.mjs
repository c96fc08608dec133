// Writes three customer tables shaped like the public files new users try first — a marketing
// campaign table, a telco churn table and a wholesale spending table — with the same columns,
// kinds of values and quirks (blank cells, an income of 666,666, codes stored as numbers, a
// constant column, a total blank for new customers), but generated here from seeded personas:
// no row of a public file is copied. The files are committed; run again to check they are
// unchanged: node tests/data/shaped/generate.mjs
import { writeFileSync } from 'node:fs';
import { mulberry32 } from '../seeded.mjs';

const here = new URL('.', import.meta.url).pathname;

function tools(seed) {
  const r = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const pick = (list) => list[Math.floor(r() * list.length)];
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  const int = (mean, sd, lo, hi) => Math.round(clamp(mean + sd * normal(), lo, hi));
  const skewed = (median, spread) => Math.round(median * Math.exp(spread * normal()));
  return { r, normal, pick, int, skewed };
}

function write(name, header, rows) {
  const text = [header.join(','), ...rows.map((row) => row.join(','))].join('\n') + '\n';
  writeFileSync(`${here}${name}`, text);
  console.log(`${name}: ${rows.length} rows, ${header.length} columns`);
}

/** 2,240 customers of a food and wine retailer, 29 columns, four personas. */
function marketing() {
  const { r, pick, int, skewed } = tools(2240);
  const personas = [
    // Affluent regulars: high income and spend, buy in store and by catalogue, few deals.
    { share: 0.3, income: 76000, spend: 1.0, deals: 1, web: 5, catalog: 6, store: 9, visits: 3, kids: 0.1, recency: 30 },
    // Families on a budget: low income and spend, many web visits, some deals.
    { share: 0.35, income: 32000, spend: 0.05, deals: 2, web: 2, catalog: 0, store: 3, visits: 7, kids: 0.8, recency: 50 },
    // Bargain hunters: middle income, many deal purchases, online.
    { share: 0.2, income: 52000, spend: 0.35, deals: 7, web: 7, catalog: 2, store: 6, visits: 7, kids: 0.6, recency: 35 },
    // Lapsed: middle income, have not bought for a long time.
    { share: 0.15, income: 55000, spend: 0.3, deals: 2, web: 4, catalog: 2, store: 5, visits: 5, kids: 0.4, recency: 88 },
  ];
  const header = [
    'ID', 'Year_Birth', 'Education', 'Marital_Status', 'Income', 'Kidhome', 'Teenhome', 'Dt_Customer', 'Recency',
    'MntWines', 'MntFruits', 'MntMeatProducts', 'MntFishProducts', 'MntSweetProducts', 'MntGoldProds',
    'NumDealsPurchases', 'NumWebPurchases', 'NumCatalogPurchases', 'NumStorePurchases', 'NumWebVisitsMonth',
    'AcceptedCmp3', 'AcceptedCmp4', 'AcceptedCmp5', 'AcceptedCmp1', 'AcceptedCmp2', 'Complain', 'Z_CostContact',
    'Z_Revenue', 'Response',
  ];
  const rows = [];
  for (let i = 0; i < 2240; i++) {
    let u = r();
    const p = personas.find((q) => (u -= q.share) < 0) ?? personas[0];
    const flag = (chance) => (r() < chance ? 1 : 0);
    const spend = (median) => Math.max(0, skewed(median * p.spend, 0.5));
    const day = 1 + Math.floor(r() * 28);
    const month = 1 + Math.floor(r() * 12);
    const year = 2012 + Math.floor(r() * 3);
    const income = i === 1500 ? 666666 : i % 97 === 13 ? '' : int(p.income, 9000, 1730, 160000);
    rows.push([
      1000 + ((i * 7919) % 10000), int(1968, 12, 1940, 1996), pick(['Graduation', 'Graduation', 'PhD', 'Master', 'Basic', '2n Cycle']),
      pick(['Married', 'Together', 'Single', 'Divorced', 'Widow']), income, flag(p.kids), flag(0.5),
      `${String(day).padStart(2, '0')}-${String(month).padStart(2, '0')}-${year}`, int(p.recency, 12, 0, 99),
      spend(600), spend(50), spend(350), spend(70), spend(50), spend(60),
      int(p.deals, 1.2, 0, 15), int(p.web, 1.5, 0, 27), int(p.catalog, 1.2, 0, 28), int(p.store, 2, 0, 13), int(p.visits, 1.5, 0, 20),
      flag(0.07), flag(0.07), flag(p.spend > 0.5 ? 0.2 : 0.02), flag(0.06), flag(0.01), flag(0.01), 3, 11, flag(0.15),
    ]);
  }
  write('marketing.csv', header, rows);
}

/** 2,000 subscribers of a telephone and internet company, 21 columns. */
function telco() {
  const { r, pick, int } = tools(7043);
  const header = [
    'customerID', 'gender', 'SeniorCitizen', 'Partner', 'Dependents', 'tenure', 'PhoneService', 'MultipleLines',
    'InternetService', 'OnlineSecurity', 'OnlineBackup', 'DeviceProtection', 'TechSupport', 'StreamingTV',
    'StreamingMovies', 'Contract', 'PaperlessBilling', 'PaymentMethod', 'MonthlyCharges', 'TotalCharges', 'Churn',
  ];
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const rows = [];
  for (let i = 0; i < 2000; i++) {
    const kind = r();
    // New month-to-month fibre customers, long-standing two-year contracts, basic phone-only lines.
    const [tenure, monthly, contract, internet] =
      kind < 0.4
        ? [int(6, 5, 0, 24), 70 + 25 * r(), 'Month-to-month', 'Fiber optic']
        : kind < 0.75
          ? [int(58, 10, 24, 72), 60 + 50 * r(), pick(['One year', 'Two year']), pick(['DSL', 'Fiber optic'])]
          : [int(30, 20, 0, 72), 18 + 8 * r(), pick(['Month-to-month', 'Two year']), 'No'];
    const yesNo = (chance) => (r() < chance ? 'Yes' : 'No');
    const service = () => (internet === 'No' ? 'No internet service' : yesNo(0.4));
    const id = `${String(1000 + i).padStart(4, '0')}-${Array.from({ length: 5 }, () => letters[Math.floor(r() * 26)]).join('')}`;
    const charges = Math.round(monthly * 100) / 100;
    const total = tenure === 0 ? ' ' : (Math.round(charges * tenure * (0.95 + 0.1 * r()) * 100) / 100).toFixed(2);
    rows.push([
      id, pick(['Female', 'Male']), r() < 0.16 ? 1 : 0, yesNo(0.5), yesNo(0.3), tenure, yesNo(0.9), yesNo(0.4),
      internet, service(), service(), service(), service(), service(), service(), contract, yesNo(0.6),
      pick(['Electronic check', 'Mailed check', 'Bank transfer (automatic)', 'Credit card (automatic)']),
      charges.toFixed(2), total, yesNo(contract === 'Month-to-month' ? 0.4 : 0.08),
    ]);
  }
  write('telco.csv', header, rows);
}

/** 440 clients of a wholesale distributor: yearly spend per product line, channel and region codes. */
function wholesale() {
  const { r, skewed } = tools(440);
  const header = ['Channel', 'Region', 'Fresh', 'Milk', 'Grocery', 'Frozen', 'Detergents_Paper', 'Delicassen'];
  const rows = [];
  for (let i = 0; i < 440; i++) {
    // Hotels, restaurants and cafés (channel 1) buy fresh and frozen; retailers (2) grocery and paper.
    const retail = r() < 0.32;
    const region = r() < 0.18 ? 1 : r() < 0.12 ? 2 : 3;
    rows.push(
      retail
        ? [2, region, skewed(5000, 0.9), skewed(8000, 0.6), skewed(14000, 0.6), skewed(1000, 1.0), skewed(6000, 0.7), skewed(1300, 1.1)]
        : [1, region, skewed(9000, 0.8), skewed(2000, 0.7), skewed(2500, 0.7), skewed(2000, 1.0), skewed(300, 0.9), skewed(800, 1.1)],
    );
  }
  write('wholesale.csv', header, rows);
}

marketing();
telco();
wholesale();
