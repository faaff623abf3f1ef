//! Wire model.
