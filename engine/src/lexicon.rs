//! The marketing measures Segmentum knows by their header, and how a marketer says a segment is
//! high or low on each: the lexicon that both the pre-selected features
//! ([`crate::features::suggest`]) and segment names ([`crate::naming`]) read.
//!
//! A header is split into words ([`crate::text::words`]: `NumWebPurchases` → num, web,
//! purchases) and the first measure whose words it holds wins, in the order of [`Measure::ALL`]:
//! so `NumDealsPurchases` is about deals, not purchases, and `DaysSinceLastOrder` about recency,
//! not orders.
//!
//! | Measure | Header words | High | Low | Counts towards |
//! |---|---|---|---|---|
//! | Recency | recency; since + last/days (not since the first order or signup) | Lapsed | Recent | engagement, reversed |
//! | Birth year | year + birth/born, yob | Younger | Older | — (an age, reversed) |
//! | Age | age | Older | Younger | — |
//! | Tenure | tenure; customer/member(ship) + days/months/years; first/signup/joined + since/days | Long-standing | New | — (new ones are onboarded) |
//! | Churn | churn, churned, exited, attrition | At-risk | Loyal | — (a warning) |
//! | Complaints | complain, complaints | Dissatisfied | — | — (a warning) |
//! | Deals | deal(s), discount(s), coupon(s), promo(s), voucher(s) | bargain hunters, deal-seeking | Full-price | — |
//! | Income | income, salary, earnings, wage | Affluent | Lower-income | value (half) |
//! | Spend | mnt, spend, spent, spending, amount, monetary, revenue, sales, charge(s), paid, value, gmv, clv, ltv, basket | high-spenders, high-spending | low-spenders, low-spending | value |
//! | Frequency | frequency, purchases, orders, transactions, visits, sessions, logins; num/count/number/times + purchase/order/visit… | Frequent | Occasional | engagement |
//!
//! A header with between, gap, interval, return(s), refund(s), children, kids, dependents,
//! household, level, tier, delay, late or group is none of them (a gap between purchases reads
//! the other way round; a return is not spend).

use crate::text::words;

/// A marketing measure recognised from a column's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Recency,
    BirthYear,
    Age,
    Tenure,
    Churn,
    Complaints,
    Deals,
    Income,
    Spend,
    Frequency,
}

impl Measure {
    /// In the order headers are matched: the more specific first.
    pub const ALL: [Measure; 10] = [
        Measure::Recency,
        Measure::BirthYear,
        Measure::Age,
        Measure::Tenure,
        Measure::Churn,
        Measure::Complaints,
        Measure::Deals,
        Measure::Income,
        Measure::Spend,
        Measure::Frequency,
    ];

    /// The measure `header` stands for, if any. Headers about something else that share a word
    /// with a measure are none: gaps between purchases (high is less frequent), returns and
    /// refunds (not spend), children and household counts, levels and tiers.
    pub fn of_header(header: &str) -> Option<Measure> {
        let words = words(header);
        let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
        if has(NOT_A_MEASURE) {
            return None;
        }
        // Since when they joined (or became a customer) is tenure, not recency.
        let joined = has(&[
            "first",
            "signup",
            "joined",
            "join",
            "registration",
            "registered",
            "created",
            "opened",
            "customer",
            "member",
            "membership",
        ]);
        Measure::ALL.into_iter().find(|m| match m {
            Measure::Recency => {
                has(&["recency"]) || (!joined && has(&["since"]) && has(&["last", "days", "day", "weeks", "months"]))
            }
            Measure::BirthYear => (has(&["year"]) && has(&["birth", "born"])) || has(&["yob", "birthyear"]),
            Measure::Age => has(&["age"]),
            Measure::Tenure => {
                has(&["tenure"])
                    || (joined && has(&["since", "days", "months", "years"]))
                    || (has(&["customer", "membership", "member"]) && has(&["days", "months", "years"]))
            }
            Measure::Churn => has(&["churn", "churned", "exited", "attrition"]),
            Measure::Complaints => has(&["complain", "complaint", "complaints", "complained"]),
            Measure::Deals => has(&[
                "deal",
                "deals",
                "discount",
                "discounts",
                "coupon",
                "coupons",
                "promo",
                "promos",
                "voucher",
                "vouchers",
            ]),
            Measure::Income => has(&["income", "salary", "earnings", "wage", "wages"]),
            Measure::Spend => has(&[
                "mnt", "spend", "spent", "spending", "amount", "monetary", "revenue", "sales", "charge", "charges",
                "paid", "value", "gmv", "clv", "ltv", "basket",
            ]),
            Measure::Frequency => {
                has(&["frequency", "purchases", "orders", "transactions", "visits", "sessions", "logins"])
                    || (has(&["num", "count", "number", "times"])
                        && has(&["purchase", "order", "transaction", "visit", "session", "login", "bought"]))
            }
        })
    }

    /// Whether a segmentation uses this measure by default (years and flags are offered, not chosen).
    pub fn pre_selected(self) -> bool {
        !matches!(self, Measure::BirthYear | Measure::Churn | Measure::Complaints)
    }

    /// How a segment well above (`high`) or below all customers on this measure is called;
    /// `None` when that side says nothing worth a name.
    pub fn word(self, high: bool) -> Option<Word> {
        let adjective = |w: &'static str| Some(Word { adjective: w, noun: None });
        let noun = |adjective: &'static str, noun: &'static str| Some(Word { adjective, noun: Some(noun) });
        match (self, high) {
            (Measure::Recency, true) => adjective("lapsed"),
            (Measure::Recency, false) => adjective("recent"),
            (Measure::BirthYear, true) | (Measure::Age, false) => adjective("younger"),
            (Measure::BirthYear, false) | (Measure::Age, true) => adjective("older"),
            (Measure::Tenure, true) => adjective("long-standing"),
            (Measure::Tenure, false) => adjective("new"),
            (Measure::Churn, true) => adjective("at-risk"),
            (Measure::Churn, false) => adjective("loyal"),
            (Measure::Complaints, true) => adjective("dissatisfied"),
            (Measure::Complaints, false) => None,
            (Measure::Deals, true) => noun("deal-seeking", "bargain hunters"),
            (Measure::Deals, false) => adjective("full-price"),
            (Measure::Income, true) => adjective("affluent"),
            (Measure::Income, false) => adjective("lower-income"),
            (Measure::Spend, true) => noun("high-spending", "high-spenders"),
            (Measure::Spend, false) => noun("low-spending", "low-spenders"),
            (Measure::Frequency, true) => adjective("frequent"),
            (Measure::Frequency, false) => adjective("occasional"),
        }
    }

    /// How a standardised difference on this measure counts towards a segment's value to the
    /// business and its engagement: (value weight, engagement weight).
    pub fn axes(self) -> (f64, f64) {
        match self {
            Measure::Spend => (1.0, 0.0),
            Measure::Income => (0.5, 0.0),
            Measure::Frequency => (0.0, 1.0),
            Measure::Recency => (0.0, -1.0),
            _ => (0.0, 0.0),
        }
    }
}

/// Header words that make a column something other than the measure its other words name.
const NOT_A_MEASURE: &[&str] = &[
    "between",
    "gap",
    "interval",
    "return",
    "returns",
    "returned",
    "refund",
    "refunds",
    "children",
    "child",
    "kids",
    "kid",
    "dependents",
    "household",
    "level",
    "tier",
    "delay",
    "late",
    "group",
];

/// A meaning in a segment's name: an adjective ("lapsed"), and for some a noun that can head
/// the name ("Lapsed high-spenders"; a second such meaning is said by its adjective).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    pub adjective: &'static str,
    pub noun: Option<&'static str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marketing_headers_are_known() {
        let cases = [
            ("Recency", Measure::Recency),
            ("DaysSinceLastOrder", Measure::Recency),
            ("Year_Birth", Measure::BirthYear),
            ("Age", Measure::Age),
            ("tenure", Measure::Tenure),
            ("Customer_Months", Measure::Tenure),
            ("Churn", Measure::Churn),
            ("Complain", Measure::Complaints),
            ("NumDealsPurchases", Measure::Deals),
            ("Income", Measure::Income),
            ("Annual Income (k$)", Measure::Income),
            ("MntWines", Measure::Spend),
            ("MonthlyCharges", Measure::Spend),
            ("Spending Score (1-100)", Measure::Spend),
            ("NumWebPurchases", Measure::Frequency),
            ("NumWebVisitsMonth", Measure::Frequency),
            ("Frequency", Measure::Frequency),
        ];
        for (header, measure) in cases {
            assert_eq!(Measure::of_header(header), Some(measure), "{header}");
        }
        for (header, measure) in [
            ("Total Spent", Measure::Spend),
            ("Orders", Measure::Frequency),
            ("Number of Orders", Measure::Frequency),
            ("Days Since Last Purchase", Measure::Recency),
            ("Days Since Signup", Measure::Tenure),
            ("Days Since First Purchase", Measure::Tenure),
            ("Customer Since (days)", Measure::Tenure),
            ("Avg Order Value", Measure::Spend),
            ("Discount Used", Measure::Deals),
        ] {
            assert_eq!(Measure::of_header(header), Some(measure), "{header}");
        }
        for header in [
            "Fresh",
            "Grocery",
            "Average",
            "Usage",
            "Kidhome",
            "Region",
            "Number of Children",
            "Kid count",
            "Customer Number",
            "Avg Days Between Purchases",
            "Return Amount",
            "Payment Delay",
            "Membership Level",
            "Age Group",
            "Loyalty Points",
            "Balance",
        ] {
            assert_eq!(Measure::of_header(header), None, "{header}");
        }
    }

    #[test]
    fn recency_reads_the_marketer_s_way_round() {
        assert_eq!(Measure::Recency.word(true).map(|w| w.adjective), Some("lapsed"));
        assert_eq!(Measure::Recency.word(false).map(|w| w.adjective), Some("recent"));
        assert_eq!(Measure::BirthYear.word(true).map(|w| w.adjective), Some("younger"), "born later");
        assert!(Measure::Recency.axes().1 < 0.0, "a long time since buying is less engagement");
    }
}
