//! contentlint: lints Markdown content with front matter and checks each page against its
//! translation. The library is the engine; it never prints. `main.rs` and the printers do.
#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod baseline;
pub mod check;
#[allow(clippy::print_stderr)]
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod fix;
pub mod fold;
pub mod git;
pub mod init;
pub mod lang;
pub mod packs;
pub mod pairing;
pub mod paths;
pub mod printers;
pub mod rules;
pub mod schema;
pub mod site;
pub mod source;
pub mod terms;
pub mod text;
pub mod timings;
pub mod walk;
