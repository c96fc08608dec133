//! The two features the product knows by meaning, found by header name.

use serde::{Deserialize, Serialize};

use crate::{
    dataset::{quoted_list, Table},
    error::DataError,
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

    /// Header names accepted for this role, compared case-, space- and underscore-insensitively.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Role::Income => &["Annual Income (k$)", "Annual Income", "annual_income", "income"],
            Role::Spending => &["Spending Score (1-100)", "Spending Score", "spending_score", "spending"],
        }
    }

    /// The role a header stands for, if any.
    pub fn of_header(header: &str) -> Option<Role> {
        let key = normalise(header);
        Role::ALL.into_iter().find(|role| role.aliases().iter().any(|a| normalise(a) == key))
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

/// Columns pre-selected for training: income and spending when both are there,
/// else the first two numeric columns that do not look like identifiers.
pub fn default_features(table: &Table) -> Vec<usize> {
    if let (Ok(i), Ok(s)) = (Role::Income.find_in(table), Role::Spending.find_in(table)) {
        return vec![i, s];
    }
    (0..table.headers().len())
        .filter(|&c| table.is_numeric_column(c) && !looks_like_identifier(table, c))
        .take(2)
        .collect()
}

/// An id column (`CustomerID`, `client_id`, `Id`) says nothing about a customer's behaviour.
/// Recognised by its header, or by holding 1, 2, 3, … in order.
pub fn looks_like_identifier(table: &Table, col: usize) -> bool {
    let key = normalise(&table.headers()[col]);
    if key == "id" || key.ends_with("id") || key == "identifier" || key == "index" || key == "rownumber" {
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

fn normalise(header: &str) -> String {
    header.chars().filter(|c| !c.is_whitespace() && *c != '_' && *c != '-').flat_map(char::to_lowercase).collect()
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
        assert_eq!(default_features(&t), vec![3, 4]);
        assert!(looks_like_identifier(&t, 0));
        assert!(looks_like_identifier(&t, 2), "1, 2, 3 in order");
        assert!(!looks_like_identifier(&t, 3));
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
}
