//! The schema family.

pub(crate) mod date;
pub(crate) mod duplicate_key;
pub(crate) mod no_front_matter;
pub(crate) mod reference;
pub(crate) mod syntax;
pub(crate) mod unclosed;
pub(crate) mod validation;
