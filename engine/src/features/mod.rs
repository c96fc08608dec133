//! Columns recognised by name: the two features the product knows by meaning, identifiers, and
//! where a model's features are in a file. Headers are compared in one way, by
//! [`crate::text::header_key`].

mod suggest;

pub use suggest::{default_features, is_code, suggest, Suggestion, CODE_VALUES, SPREAD_RATIO};

use serde::{Deserialize, Serialize};

use crate::{
    dataset::Table,
    error::DataError,
    text::{header_key, quoted_list, words},
};

/// A column with a known meaning, recognised from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Income,
    Spending,
}

impl Role {
    pub const ALL: [Role; 2] = [Role::Income, Role::Spending];

    /// How the role reads in a sentence ("High income, low spending").
    pub fn word(self) -> &'static str {
        match self {
            Role::Income => "income",
            Role::Spending => "spending",
        }
    }

    /// Header names accepted for this role, compared by [`header_key`].
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Role::Income => &["Annual Income (k$)", "Annual Income", "annual_income", "income"],
            Role::Spending => &["Spending Score (1-100)", "Spending Score", "spending_score", "spending"],
        }
    }

    /// The role a header stands for, if any.
    pub fn of_header(header: &str) -> Option<Role> {
        let key = header_key(header);
        Role::ALL.into_iter().find(|role| role.aliases().iter().any(|a| header_key(a) == key))
    }

    /// The first column of `table` that carries this role.
    pub fn find_in(self, table: &Table) -> Result<usize, DataError> {
        table.headers().iter().position(|h| Role::of_header(h) == Some(self)).ok_or_else(|| DataError::MissingColumn {
            feature: self.word().to_owned(),
            found: table.header_list(),
            accepted: quoted_list(&self.aliases().iter().map(|a| a.to_string()).collect::<Vec<_>>()),
        })
    }
}

/// Where each of `features` is among `headers`: the same name by [`header_key`], else a column
/// with the same known meaning ([`Role`]). `Err` lists the features not found.
pub fn resolve_columns(features: &[String], headers: &[String]) -> Result<Vec<usize>, Vec<String>> {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for feature in features {
        let key = header_key(feature);
        let by_role = || {
            let role = Role::of_header(feature)?;
            headers.iter().position(|h| Role::of_header(h) == Some(role))
        };
        match keys.iter().position(|k| *k == key).or_else(by_role) {
            Some(c) => found.push(c),
            None => missing.push(feature.clone()),
        }
    }
    if missing.is_empty() {
        Ok(found)
    } else {
        Err(missing)
    }
}

/// An id column (`CustomerID`, `client_id`, `SKU ID`) says nothing about a customer's behaviour.
/// Recognised by its header ([`is_identifier_header`]), or by holding 1, 2, 3, … in order.
pub fn looks_like_identifier(table: &Table, col: usize) -> bool {
    if is_identifier_header(&table.headers()[col]) {
        return true;
    }
    let mut expected = None;
    for i in 0..table.row_count() {
        match table.cell(i, col).trim().parse::<i64>() {
            Ok(v) if expected.is_none_or(|e| e == v) => expected = Some(v + 1),
            _ => return false,
        }
        if i > 1000 {
            break;
        }
    }
    table.row_count() > 2
}

/// Words that make a header an identifier wherever they stand in it.
const ID_WORDS: [&str; 5] = ["id", "ids", "uuid", "guid", "identifier"];
/// Headers that are identifiers as a whole, by [`header_key`].
const ID_HEADERS: [&str; 4] = ["index", "rownumber", "rowno", "recordnumber"];
/// Things customers' tables number; written in one word with "id" (`customerid`), still an id.
const ID_OWNERS: [&str; 12] = [
    "customer",
    "cust",
    "client",
    "user",
    "member",
    "account",
    "order",
    "product",
    "sku",
    "transaction",
    "row",
    "record",
];

/// True for a header that names an identifier. Judged by words, not letters: a header is split
/// at spaces, punctuation and camelCase (`CustomerID` → customer, id), so `Amount Paid` or
/// `Android users` are not ids although their letters end or start with "id".
pub fn is_identifier_header(header: &str) -> bool {
    let words = words(header);
    let key = header_key(header);
    words.iter().any(|w| ID_WORDS.contains(&w.as_str()))
        || ID_HEADERS.contains(&key.as_str())
        || ID_OWNERS.iter().any(|owner| words.len() == 1 && key.strip_prefix(owner) == Some("id"))
        || (words.len() == 2
            && ID_OWNERS.contains(&words[0].as_str())
            && ["number", "no", "code"].contains(&words[1].as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Table {
        Table::from_csv_bytes(text.as_bytes()).unwrap()
    }

    #[test]
    fn defaults_prefer_income_and_spending() {
        let t = table("CustomerID,Age,Spending Score (1-100),Annual Income (k$)\n1,20,5,6\n");
        assert_eq!(default_features(&t), vec![3, 2]);
    }

    #[test]
    fn defaults_skip_ids_and_text() {
        let t = table("id,name,row,age,visits,basket\n1,a,1,20,5,6\n2,b,2,30,1,7\n3,c,3,40,2,8\n");
        assert_eq!(default_features(&t), vec![3, 4], "age and visits (basket holds 6, 7, 8 in order: an id)");
        assert!(looks_like_identifier(&t, 0));
        assert!(looks_like_identifier(&t, 2), "1, 2, 3 in order");
        assert!(!looks_like_identifier(&t, 3));
    }

    #[test]
    fn identifiers_are_recognised_by_their_words() {
        for h in [
            "CustomerID",
            "customer_id",
            "Client Id",
            "user-id",
            "ID",
            "SKU ID",
            "id",
            "customerId",
            "SKUId",
            "userid",
            "Order UUID",
            "Row number",
            "Customer Number",
            "Account No",
            "Member code",
            "index",
        ] {
            assert!(is_identifier_header(h), "{h} is an id");
        }
        for h in [
            "Amount Paid",
            "Total Paid",
            "Prepaid Balance",
            "Paid",
            "Liquidity",
            "Android users",
            "Avoided calls",
            "Idle days",
            "Age",
            "Spending Score (1-100)",
            "Valid",
            "Kid count",
            "Order count",
            "Phone number",
        ] {
            assert!(!is_identifier_header(h), "{h} is not an id");
        }
    }

    #[test]
    fn a_money_column_ending_in_id_is_pre_selected() {
        let t = table("Customer ID,Amount Paid,Visits\n7,120.5,3\n3,80,1\n9,99,2\n");
        assert_eq!(default_features(&t), vec![1, 2]);
    }

    #[test]
    fn recognises_every_alias_in_any_case_and_spacing() {
        for h in ["Annual Income (k$)", "annual income", "ANNUAL_INCOME", " Income ", "annual  income"] {
            assert_eq!(Role::of_header(h), Some(Role::Income), "{h}");
        }
        for h in ["Spending Score (1-100)", "spending score", "Spending_Score", "SPENDING"] {
            assert_eq!(Role::of_header(h), Some(Role::Spending), "{h}");
        }
        for h in ["Age", "CustomerID", "Genre", "incomes"] {
            assert_eq!(Role::of_header(h), None, "{h}");
        }
    }

    #[test]
    fn features_are_found_by_name_then_by_meaning() {
        let headers: Vec<String> = ["ID", "age years", "Income", "SPENDING_SCORE"].map(String::from).to_vec();
        let features: Vec<String> =
            ["Age_Years", "Annual Income (k$)", "Spending Score (1-100)"].map(String::from).to_vec();
        assert_eq!(resolve_columns(&features, &headers), Ok(vec![1, 2, 3]));
        let missing = ["Tenure".to_owned()];
        assert_eq!(resolve_columns(&missing, &headers), Err(missing.to_vec()));
    }
}
