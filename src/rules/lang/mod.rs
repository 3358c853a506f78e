//! The lang family.

pub(crate) mod label_pair;
pub(crate) mod labels;
pub(crate) mod name_script;
pub(crate) mod speakers;
pub(crate) mod untranslated;
