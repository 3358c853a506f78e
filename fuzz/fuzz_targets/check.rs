//! A full check of one document with every page rule never panics, and every finding's
//! span lies inside the text on character boundaries.
#![no_main]

use contentlint::document::decode;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok((text, _)) = decode(data.to_vec()) else { return };
    for name in ["fuzz.md", "fuzz.zh.md"] {
        for d in contentlint::check::check_text(name, &text, &[]) {
            let (s, e) = (d.span.start as usize, d.span.end as usize);
            assert!(s <= e && e <= text.len(), "{} span out of range", d.rule.id);
            assert!(text.is_char_boundary(s) && text.is_char_boundary(e), "{} span splits a character", d.rule.id);
        }
    }
});
