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
            Role::Income => &[
                "Annual Income (k$)",
                "Annual Income",
                "annual_income",
                "income",
            ],
            Role::Spending => &[
                "Spending Score (1-100)",
                "Spending Score",
                "spending_score",
                "spending",
            ],
        }
    }

    /// The role a header stands for, if any.
    pub fn of_header(header: &str) -> Option<Role> {
        let key = normalise(header);
        Role::ALL
            .into_iter()
            .find(|role| role.aliases().iter().any(|a| normalise(a) == key))
    }

    /// The first column of `table` that carries this role.
    pub fn find_in(self, table: &Table) -> Result<usize, DataError> {
        table
            .headers()
            .iter()
            .position(|h| Role::of_header(h) == Some(self))
            .ok_or_else(|| DataError::MissingColumn {
                feature: self.word().to_owned(),
                found: table.header_list(),
                accepted: quoted_list(
                    &self
                        .aliases()
                        .iter()
                        .map(|a| a.to_string())
                        .collect::<Vec<_>>(),
                ),
            })
    }
}

fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_every_alias_in_any_case_and_spacing() {
        for h in [
            "Annual Income (k$)",
            "annual income",
            "ANNUAL_INCOME",
            " Income ",
            "annual  income",
        ] {
            assert_eq!(Role::of_header(h), Some(Role::Income), "{h}");
        }
        for h in [
            "Spending Score (1-100)",
            "spending score",
            "Spending_Score",
            "SPENDING",
        ] {
            assert_eq!(Role::of_header(h), Some(Role::Spending), "{h}");
        }
        for h in ["Age", "CustomerID", "Genre", "incomes"] {
            assert_eq!(Role::of_header(h), None, "{h}");
        }
    }
}
