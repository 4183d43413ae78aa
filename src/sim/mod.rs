//! The cluster simulator (plain Rust: no web crates). See ARCHITECTURE.md.
